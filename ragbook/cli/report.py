"""Sentences the commands share."""

from __future__ import annotations


def describe_plan(plan, path: str) -> str:
    data = plan.data
    scale = data.settings.scale
    return (
        f"{path}: {len(data.actions)} actions on sheet '{data.actions_sheet}' (header row "
        f"{data.header_row}); scale {scale.name} ({data.settings.scale_source}): "
        f"{scale.describe()}."
    )
