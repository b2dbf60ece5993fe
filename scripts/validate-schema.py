"""Validate evaluation files against schema/evaluation.schema.json (run by .ci/run).

Usage: python3 scripts/validate-schema.py FILE.yaml|FILE.json ...
"""
import datetime
import json
import pathlib
import sys

import jsonschema
import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent


def plain(value):
    # PyYAML reads 2022-09-30 as a date; the schema (like jixiao) takes dates as text.
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def main(paths):
    schema = json.loads((ROOT / "schema" / "evaluation.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failed = 0
    for path in paths:
        text = pathlib.Path(path).read_text(encoding="utf-8")
        document = plain(json.loads(text) if path.endswith(".json") else yaml.safe_load(text))
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
        for error in errors:
            print(f"{path}: {'/'.join(map(str, error.path))}: {error.message}")
        failed += bool(errors)
        print(f"{path}: {'invalid' if errors else 'valid'} against the schema")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
