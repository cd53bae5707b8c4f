#!/usr/bin/env python3
"""validate.py SCHEMA FILE: checks one JSON document against a JSON Schema
(draft 2020-12) from docs/schemas/. Exit 0 valid, 1 invalid (each error
printed with its path), 77 (meson's "skipped") without python3-jsonschema."""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("validate: python3-jsonschema is not installed", file=sys.stderr)
    sys.exit(77)


def main():
    if len(sys.argv) != 3:
        print("usage: validate.py SCHEMA FILE", file=sys.stderr)
        return 2
    with open(sys.argv[1]) as f:
        schema = json.load(f)
    with open(sys.argv[2]) as f:
        try:
            doc = json.load(f)
        except json.JSONDecodeError as e:
            print(f"{sys.argv[2]}: not JSON: {e}")
            return 1
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(doc),
                    key=lambda e: list(e.absolute_path))
    for e in errors[:20]:
        path = "/".join(str(p) for p in e.absolute_path) or "(top)"
        print(f"{sys.argv[2]}: {path}: {e.message}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
