"""Validates JSON files against the dealscope JSON Schema (draft 7).

Usage: python3 tests/schema_validate.py SCHEMA FILE...
Prints one line per file, `ok FILE` or `invalid FILE: reason`; exits 0 when
it ran, 3 when the `jsonschema` package is missing (`.ci/run` installs it).
"""

import json
import sys

try:
    import jsonschema
except ImportError:
    print("jsonschema is not installed: python3 -m pip install jsonschema", file=sys.stderr)
    sys.exit(3)

with open(sys.argv[1], encoding="utf-8") as f:
    schema = json.load(f)
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)
for name in sys.argv[2:]:
    with open(name, encoding="utf-8") as f:
        instance = json.load(f)
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
    if errors:
        where = "/".join(str(p) for p in errors[0].path)
        print(f"invalid {name}: {where}: {errors[0].message}")
    else:
        print(f"ok {name}")
