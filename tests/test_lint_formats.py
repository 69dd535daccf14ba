"""`specloom lint` as an API designer and a CI job use it: on a spec with several kinds of
mistakes every problem is reported in one run, each at its own file:line:column with the JSON
pointer of the node; text, JSON, SARIF 2.1.0 and GitHub annotations carry the same problems; a
dangling `$ref` makes no command die with a traceback."""

from __future__ import annotations

import json
import shutil

import jsonschema
import pytest

from tests.support import ROOT
from tests.test_lint_and_cli import specloom

SPEC = "specs/scalev/openapi.yaml"
LIST_PRODUCTS = "      x-specloom: { resource: products, action: list, rateLimits: *businessLimits }\n      parameters:\n"
MISTAKES = [
    # a $ref that points nowhere
    (LIST_PRODUCTS + "        - $ref: '#/components/parameters/page_size'\n",
     LIST_PRODUCTS + "        - $ref: '#/components/parameters/page_sise'\n"),
    # two type typos in the same component schema
    ("        - type: object\n          properties:\n            data: { type: array, items: { $ref: '#/components/schemas/Product' } }",
     "        - type: objekt\n          properties:\n            data: { type: arrray, items: { $ref: '#/components/schemas/Product' } }"),
    # a duplicate key
    ("  title: Scalev API v3 (storefront, customer and business slice)\n",
     "  title: Scalev API v3 (storefront, customer and business slice)\n  title: Scalev again\n"),
]


def _line_col(text: str, needle: str, offset: int = 0) -> tuple[int, int]:
    index = text.index(needle) + offset
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


@pytest.fixture
def broken(tmp_path):
    shutil.copytree(ROOT / "specs" / "scalev", tmp_path / "specs" / "scalev")
    spec = tmp_path / SPEC
    text = spec.read_text()
    for old, new in MISTAKES:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    spec.write_text(text)
    return tmp_path, text


def expected(text: str) -> list[tuple[int, int, str, str]]:
    """(line, column, message part, pointer) of each mistake, from where it is in the file."""
    return [
        (*_line_col(text, "$ref: '#/components/parameters/page_sise'", 0),
         "$ref target #/components/parameters/page_sise does not exist", "/paths/~1v3~1products/get/parameters/0/$ref"),
        (*_line_col(text, "type: objekt"), "'objekt' is not one of", "/components/schemas/ProductPage/allOf/1/type"),
        (*_line_col(text, "type: arrray"), "'arrray' is not one of",
         "/components/schemas/ProductPage/allOf/1/properties/data/type"),
        (*_line_col(text, "title: Scalev again"), "duplicate key 'title'", "/info/title"),
    ]


@pytest.mark.slow  # the CLI run as a real process, several times
def test_text_reports_every_problem_at_its_line_column_and_pointer(broken):
    workdir, text = broken
    r = specloom("lint", "scalev", cwd=workdir)
    assert r.returncode == 2, r.stdout + r.stderr
    assert r.stderr == ""  # problems and summary on one stream
    lines = r.stdout.splitlines()
    for line, column, message, pointer in expected(text):
        hits = [entry for entry in lines if entry.startswith(f"{SPEC}:{line}:{column}: error: ") and message in entry]
        assert hits, (line, column, message, r.stdout)
        assert hits[0].endswith(f"(at #{pointer})")
    assert lines[-1] == "scalev: 4 error(s), 0 warning(s)"
    # a path works as well as a surface name
    by_path = specloom("lint", SPEC, cwd=workdir)
    assert by_path.returncode == 2 and by_path.stdout.splitlines()[:-1] == lines[:-1]


_REGION = {"type": "object", "properties": {"startLine": {"type": "integer", "minimum": 1},
                                            "startColumn": {"type": "integer", "minimum": 1}}}
_LOCATION = {"type": "object", "properties": {
    "physicalLocation": {"type": "object", "required": ["artifactLocation"], "properties": {
        "artifactLocation": {"type": "object", "required": ["uri"],
                             "properties": {"uri": {"type": "string"}, "uriBaseId": {"type": "string"}}},
        "region": _REGION}},
    "logicalLocations": {"type": "array", "items": {"type": "object",
                                                    "properties": {"fullyQualifiedName": {"type": "string"}}}}}}
_RESULT = {"type": "object", "required": ["message"], "properties": {
    "ruleId": {"type": "string"}, "ruleIndex": {"type": "integer", "minimum": 0},
    "level": {"enum": ["none", "note", "warning", "error"]},
    "message": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}},
    "locations": {"type": "array", "items": _LOCATION}}}
_RULE = {"type": "object", "required": ["id"],
         "properties": {"id": {"type": "string"}, "shortDescription": {"type": "object", "required": ["text"]}}}
_DRIVER = {"type": "object", "required": ["name"], "properties": {
    "name": {"type": "string"}, "version": {"type": "string"}, "rules": {"type": "array", "items": _RULE}}}
_RUN = {"type": "object", "required": ["tool"], "properties": {
    "tool": {"type": "object", "required": ["driver"], "properties": {"driver": _DRIVER}},
    "originalUriBaseIds": {"type": "object", "additionalProperties": {
        "type": "object", "properties": {"uri": {"type": "string", "pattern": "/$"}}}},
    "results": {"type": "array", "items": _RESULT}}}
SARIF_STRUCTURE = {  # the parts of the SARIF 2.1.0 schema a reader of this log relies on
    "type": "object", "required": ["version", "runs"],
    "properties": {"version": {"const": "2.1.0"}, "$schema": {"type": "string"},
                   "runs": {"type": "array", "minItems": 1, "items": _RUN}}}


@pytest.mark.slow
def test_json_sarif_and_github_carry_the_same_problems(broken):
    workdir, text = broken
    want = {(line, column, pointer) for line, column, _, pointer in expected(text)}

    r = specloom("lint", "scalev", "--format", "json", cwd=workdir)
    assert r.returncode == 2
    report = json.loads(r.stdout)
    assert report["summary"] == {"errors": 4, "warnings": 0, "specs": {"scalev": {"errors": 4, "warnings": 0}}}
    assert {(p["line"], p["column"], p["pointer"]) for p in report["problems"]} == want
    assert {p["file"] for p in report["problems"]} == {SPEC}
    assert {p["rule"] for p in report["problems"]} == {"unresolved-ref", "openapi", "duplicate-key"}

    r = specloom("lint", "scalev", "--format", "sarif", cwd=workdir)
    assert r.returncode == 2
    log = json.loads(r.stdout)
    jsonschema.validate(log, SARIF_STRUCTURE)
    run = log["runs"][0]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    got = set()
    for result in run["results"]:
        assert rules[result["ruleIndex"]] == result["ruleId"] and result["level"] == "error"
        location = result["locations"][0]
        assert location["physicalLocation"]["artifactLocation"] == {"uri": SPEC, "uriBaseId": "%SRCROOT%"}
        region = location["physicalLocation"]["region"]
        got.add((region["startLine"], region["startColumn"], location["logicalLocations"][0]["fullyQualifiedName"][1:]))
    assert got == want

    r = specloom("lint", "scalev", "--format", "github", cwd=workdir)
    assert r.returncode == 2
    annotations = [line for line in r.stdout.splitlines() if line.startswith("::")]
    assert len(annotations) == 4
    for line, column, message, pointer in expected(text):
        prefix = f"::error file={SPEC},line={line},col={column},title=specloom "
        assert any(a.startswith(prefix) and message in a and a.endswith(f"(at #{pointer})") for a in annotations), (
            prefix, annotations)


@pytest.mark.slow
def test_a_dangling_ref_makes_no_command_die_with_a_traceback(tmp_path):
    shutil.copytree(ROOT / "specs" / "scalev", tmp_path / "specs" / "scalev")
    spec = tmp_path / SPEC
    old, new = MISTAKES[0]
    spec.write_text(spec.read_text().replace(old, new))
    for args, code in ((["lint", "scalev"], 2), (["serve", "scalev", "--port", "1"], 2),
                       (["fuzz", "scalev", "--max-examples", "1"], 2), (["list"], 0)):
        r = specloom(*args, cwd=tmp_path)
        both = r.stdout + r.stderr
        assert r.returncode == code, (args, both[-2000:])
        assert "Traceback" not in both, (args, both[-2000:])
        if args[0] != "list":
            assert f"{SPEC}:" in both.replace(str(tmp_path) + "/", "") and "page_sise does not exist" in both
        else:
            assert "scalev" in r.stdout and "spec has errors" in r.stdout


def test_version():
    r = specloom("--version", cwd=ROOT)
    assert r.returncode == 0
    assert r.stdout.strip().startswith("specloom ") and r.stdout.split()[1][0].isdigit()


def test_a_clean_spec_exits_0_and_an_unknown_one_2(tmp_path):
    shutil.copytree(ROOT / "specs" / "scalev", tmp_path / "specs" / "scalev")
    r = specloom("lint", "scalev", "--format", "github", cwd=tmp_path)
    assert r.returncode == 0, r.stdout
    assert r.stdout == "scalev: 0 error(s), 0 warning(s)\n"
    assert specloom("lint", "nosuch", cwd=tmp_path).returncode == 2
    assert specloom("lint", "specs/nosuch/openapi.yaml", cwd=tmp_path).returncode == 2
