"""Validate jixiao files against the JSON Schema for their `format` (run by .ci/run).

The schema is chosen by the document's `format` value:
  jixiao/evaluation@1  schema/evaluation.schema.json  (自评数据文件)
  jixiao/framework@1   schema/framework.schema.json   (评分框架)
  jixiao/answers@1     schema/answers.schema.json     (评审打分文件)
  jixiao/template@1    schema/template.schema.json    (报告模板)
  jixiao/project@1     schema/project.schema.json     (项目支出绩效自评表)
  jixiao/project-framework@1  schema/project-framework.schema.json  (项目评分规则)
A document with any other format, or none, is reported invalid.

Usage: python3 scripts/validate-schema.py FILE.yaml|FILE.json ...
"""
import datetime
import json
import pathlib
import sys

import jsonschema
import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent

SCHEMAS = {
    "jixiao/evaluation@1": "evaluation.schema.json",
    "jixiao/framework@1": "framework.schema.json",
    "jixiao/answers@1": "answers.schema.json",
    "jixiao/template@1": "template.schema.json",
    "jixiao/project@1": "project.schema.json",
    "jixiao/project-framework@1": "project-framework.schema.json",
}


def plain(value):
    # PyYAML reads 2022-09-30 as a date; the schema (like jixiao) takes dates as text.
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def validators():
    """One validator per format, each schema checked against the 2020-12 meta-schema."""
    found = {}
    for format, name in SCHEMAS.items():
        schema = json.loads((ROOT / "schema" / name).read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        found[format] = jsonschema.Draft202012Validator(schema)
    return found


def main(paths):
    by_format = validators()
    failed = 0
    for path in paths:
        text = pathlib.Path(path).read_text(encoding="utf-8")
        document = plain(json.loads(text) if path.endswith(".json") else yaml.safe_load(text))
        format = document.get("format") if isinstance(document, dict) else None
        validator = by_format.get(format) if isinstance(format, str) else None
        if validator is None:
            known = ", ".join(SCHEMAS)
            print(f"{path}: format: unknown document format {format!r} (expected one of {known})")
            invalid = True
        else:
            errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
            for error in errors:
                print(f"{path}: {'/'.join(map(str, error.path))}: {error.message}")
            invalid = bool(errors)
        failed += invalid
        print(f"{path}: {'invalid' if invalid else 'valid'} against the schema")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
