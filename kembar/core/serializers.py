"""The backup's serialisation format, "kjsonl": Django's JSON lines with datetimes and times at full precision.

Django's JSON encoder writes a datetime to the millisecond (12:00:00.123456 becomes "12:00:00.123"), so a
restore would not give back every row as it was. This format writes them as Python's isoformat does, to the
microsecond; everything else, and reading, is Django's own `jsonl`."""

import datetime as dt

from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder


class Encoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


class Serializer(jsonl.Serializer):
    def _init_options(self):
        self.options.setdefault("cls", Encoder)
        super()._init_options()


Deserializer = jsonl.Deserializer
