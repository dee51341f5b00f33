"""The shipped templates are built from the schema and match it."""

from __future__ import annotations

import openpyxl
import pytest

import ragbook
from ragbook.rules import schema
from ragbook.rules.scales import PRESETS
from ragbook.template import SCALE_TABLE_ROW, build_template, template_path


@pytest.mark.parametrize("name", list(PRESETS))
def test_shipped_template_is_what_the_schema_builds(tmp_path, name):
    rebuilt = tmp_path / "t.xlsx"
    build_template(rebuilt, PRESETS[name])
    assert rebuilt.read_bytes() == template_path(name).read_bytes(), (
        "workbook_templates/ is out of date: run python -m ragbook.template"
    )


@pytest.mark.parametrize("name", list(PRESETS))
def test_template_headers_and_scale_match_the_schema(name):
    wb = openpyxl.load_workbook(template_path(name))
    assert wb.sheetnames == [schema.ACTIONS, schema.INDICATORS, schema.LEADS, schema.SETTINGS]
    actions = wb[schema.ACTIONS]
    assert [c.value for c in actions[1]] == [f.header for f in schema.ACTION_FIELDS]
    assert actions.freeze_panes == "A2"
    rating_col = openpyxl.utils.get_column_letter(
        [f.key for f in schema.ACTION_FIELDS].index("rating") + 1
    )
    validations = [dv for dv in actions.data_validations.dataValidation if dv.type == "list"]
    assert any(str(dv.sqref).startswith(f"{rating_col}2") for dv in validations)
    leads = wb[schema.LEADS]
    assert [c.value for c in leads[1]] == [f.header for f in schema.LEAD_FIELDS]
    indicators = wb[schema.INDICATORS]
    assert [c.value for c in indicators[1]][: len(schema.INDICATOR_FIELDS)] == [
        f.header for f in schema.INDICATOR_FIELDS
    ]
    settings = wb[schema.SETTINGS]
    assert [c.value for c in settings[SCALE_TABLE_ROW]][:5] == list(schema.SCALE_TABLE_HEADERS)
    scale = PRESETS[name]
    for i, rating in enumerate(scale.ratings):
        row = [c.value for c in settings[SCALE_TABLE_ROW + 1 + i]][:5]
        assert row == [rating.label, rating.code, rating.colour, rating.meaning, rating.counts_as]
        fill = settings.cell(SCALE_TABLE_ROW + 1 + i, 1).fill.fgColor.rgb
        assert fill.endswith(rating.colour)


@pytest.mark.parametrize("name", list(PRESETS))
def test_a_new_plan_reads_back_with_its_scale(tmp_path, name):
    path = tmp_path / "plan.xlsx"
    from ragbook.template import new_plan

    new_plan(path, name, "My plan")
    with ragbook.load(path) as plan:
        assert plan.scale == PRESETS[name]
        assert plan.data.settings.title == "My plan"
        assert plan.actions == [] and plan.problems == []
