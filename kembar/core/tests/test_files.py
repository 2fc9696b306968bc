"""Files reach storage only through kembar.core.files.save_file, read from the source: a file written any other
way is not followed, and would stay without its row when its transaction rolls back."""

import re

from .test_layers import KEMBAR, modules

#: A FieldFile written without its row (`.save(name, content, save=False)`) or a file put in a storage directly.
WRITES = re.compile(r"\.save\([^\n]*\bsave=False|\bstorage\.save\(|\bdefault_storage\.save\(")


def test_every_file_written_to_storage_goes_through_save_file():
    found = [
        f"{path.relative_to(KEMBAR.parent)}:{number}: {line.strip()}"
        for name, path in modules().items()
        if name != "kembar.core.files"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if WRITES.search(line)
    ]
    assert found == [], "write these with kembar.core.files.save_file:\n" + "\n".join(found)
