"""The `kembar` command: every Django management command, with the embedded settings by default.

kembar migrate
kembar demo
kembar cases import FILE...
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["kembar", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
