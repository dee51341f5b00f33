"""A demo plan: about 60 actions, three priorities, made-up leads.

The values are messy the way the seed documents are: two leads in one cell,
dates typed as text or months, an impossible date, a rating pasted with a
Cyrillic letter, blank ratings, a repeated header row. The people are role
titles with example.org addresses; no real officer is named.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

from .rules import schema
from .rules.dates import month_end
from .rules.scales import PRESETS
from .template import FIXED_DATE, formats, write_leads, write_settings

LEADS = [
    ("HOS", "Head of Service (demo)", "Head of Children's Social Care", "hos@example.org"),
    ("PSW", "Principal Social Worker (demo)", "Principal Social Worker", "psw@example.org"),
    (
        "SMF",
        "Service Manager - Front Door (demo)",
        "Service Manager, Front Door",
        "smf@example.org",
    ),
    (
        "SMC",
        "Service Manager - Children in Care (demo)",
        "Service Manager, Children in Care",
        "smc@example.org",
    ),
    ("EHM", "Early Help Manager (demo)", "Early Help Manager", "ehm@example.org"),
    ("QAM", "Quality Assurance Manager (demo)", "Quality Assurance Manager", "qam@example.org"),
    ("BSM", "Business Support Manager (demo)", "Business Support Manager", ""),
]

PRIORITIES = [
    (
        "Priority 1 - People and leadership",
        [
            "Create an affordable children's services structure that meets local need",
            "Implement a workforce strategy to recruit and keep permanent social workers",
            "Complete a skills audit across the workforce",
            "Develop learning pathways for social workers and early help practitioners",
            "Deliver a leadership programme for all team managers",
            "Improve the quality and frequency of professional supervision",
            "Train all managers of case-holding staff in supervision",
            "Refresh the quality assurance framework",
            "Review cases referred back by the inspectors",
            "Set practice standards for practitioners and managers",
            "Agree manageable caseloads for social workers",
            "Introduce a workload management tool",
            "Publish a monthly performance summary for managers",
            "Review recording tools for management oversight",
            "Run an annual staff survey and act on it",
            "Recruit permanent team managers to the front door",
            "Reduce reliance on agency social workers",
            "Hold quarterly practice weeks",
            "Introduce a peer audit programme",
            "Set up a social work academy for newly qualified staff",
        ],
    ),
    (
        "Priority 2 - Practice and systems",
        [
            "Review the case recording workflow for strategy discussions",
            "Ensure strategy meetings are chaired by a qualified team manager",
            "Strengthen the single point of access and front door",
            "Relaunch the thresholds framework with partners",
            "Revise the case transfer protocol",
            "Implement the early help strategy with partners",
            "Develop the family group conference offer",
            "Move early help case records onto the case system",
            "Embed the single assessment framework",
            "Improve the quality of case chronologies",
            "Ensure children are seen regularly and their views recorded",
            "Review cases of children exposed to domestic abuse and neglect",
            "Embed the domestic abuse risk assessment tool",
            "Complete return home interviews within 72 hours",
            "Revise the exploitation screening tool and train staff",
            "Improve the referral pathway into the exploitation panel",
            "Run a private fostering awareness campaign",
            "Visit all privately fostered children on time",
            "Implement a case tracking system for care proceedings",
            "Review the case escalation procedure",
        ],
    ),
    (
        "Priority 3 - Governance and accountability",
        [
            "Update the placement sufficiency strategy",
            "Commission more housing options for care leavers",
            "Support the Children in Care Council to represent all children",
            "Revise the participation strategy for children and young people",
            "Review the leaving care policy and publish entitlements",
            "Review the commissioning of the advocacy service",
            "Improve pathway plans on the case system",
            "Ensure independent reviewing officers review pathway plans",
            "Give the corporate parenting group clear terms of reference",
            "Report monthly to the improvement board",
            "Publish a quarterly highlight report for members",
            "Agree a scrutiny forward plan",
            "Align the performance framework with the plan",
            "Benchmark performance against statistical neighbours",
            "Hold an annual review of the plan with partners",
            "Set up a risk register for the improvement programme",
            "Agree the budget for the improvement programme",
            "Review partnership governance arrangements",
            "Share learning from audits with the safeguarding partnership",
            "Report progress to the Department for Education",
        ],
    ),
]

UPDATES = [
    "On track; evidence collected for the board.",
    "Recruitment underway; two posts filled.",
    "Delayed while funding is agreed.",
    "Draft shared with partners for comment.",
    "Training delivered to 80% of staff.",
    "",
    "Awaiting sign-off at the next board.",
]


def demo_rows(today: date, seed: int = 2016) -> list[list[object]]:
    """The demo's action rows (without the header), dated around `today`."""
    rng = random.Random(seed)
    scale = PRESETS["reading5"]
    labels = [r.label for r in scale.ratings]
    codes = [lead[0] for lead in LEADS]
    rows: list[list[object]] = []
    for p, (priority, texts) in enumerate(PRIORITIES, start=1):
        for n, text in enumerate(texts, start=1):
            ref = f"{p}.{n}"
            offset = rng.randint(-120, 240)
            due: object = datetime.combine(today + timedelta(days=offset), datetime.min.time())
            lead: str = rng.choice(codes)
            initial = rng.choice(labels[:3])
            previous = rng.choice(labels[:4])
            weights = [2, 3, 6, 3, 2]
            current: str = rng.choices(labels, weights)[0]
            percent = rng.choice([0, 0.25, 0.5, 0.75, 1.0])
            rows.append(
                [
                    ref,
                    priority,
                    text,
                    lead,
                    due,
                    initial,
                    previous,
                    current,
                    percent,
                    rng.choice(UPDATES),
                    "",
                ]
            )
    # The messy values real plans have (see the seed documents).
    next_year = today.year + 1
    rows[1][3] = "HOS PSW"  # two leads, space-separated initials
    rows[4][3] = "SMF / SMC"
    rows[7][3] = "QAM, PSW"
    rows[22][3] = "EHM & SMF"
    rows[9][4] = f"31/11/{str(next_year)[2:]}"  # an impossible date: November has 30 days
    rows[12][4] = f"{month_end(next_year, 1):%B %Y}"  # a month: the end of January
    rows[15][4] = f"{today:%B %Y} and ongoing"
    rows[25][4] = f"Training to begin: {today:%B %Y} End: {month_end(next_year, 3):%B %Y}"
    rows[30][4] = (today - timedelta(days=40)).strftime("%d/%m/%y")  # day-first text, overdue
    rows[31][7] = "С"  # a Cyrillic capital Es pasted for the code C
    rows[33][7] = ""  # not yet rated
    rows[34][7] = ""
    rows[36][7] = "Amber "  # a stray space: still Amber
    rows[38][7] = "LG"  # a code
    rows[40][3] = "SMX"  # a lead that is not on the Leads sheet
    rows[44][7] = "Purple"  # not on the scale
    rows[50][0] = "3.10"  # a duplicate ref: 3.10 is the action before
    rows[5][10] = "Moved from the 2015 plan"  # a column ragbook does not know is kept
    return rows


# Made-up indicators after seed 000's success measures: (ref, name, unit, polarity, target,
# tolerance, comparator name, comparator value, first value, last value), twelve months.
INDICATORS = [
    (
        "PI 1",
        "Social work posts filled by permanent staff",
        "%",
        "Higher is better",
        "85%",
        5,
        "National average",
        0.80,
        0.68,
        0.82,
    ),
    (
        "PI 2",
        "Average social work caseload",
        "number",
        "Lower is better",
        22,
        "10%",
        "Statistical neighbours",
        18,
        29,
        23,
    ),
    (
        "PI 3",
        "Re-referrals within 12 months",
        "%",
        "Within range",
        "20%-25%",
        2,
        "National average",
        0.22,
        0.31,
        0.27,
    ),
    (
        "PI 4",
        "Children seen within timescale",
        "%",
        "Higher is better",
        "90%",
        "5%",
        "",
        None,
        0.88,
        0.80,
    ),
    (
        "PI 5",
        "Care leavers in suitable accommodation",
        "%",
        "Higher is better",
        "90%",
        5,
        "",
        None,
        0.91,
        0.95,
    ),
    (
        "PI 6",
        "Return home interviews within 72 hours",
        "%",
        "Higher is better",
        "80%",
        5,
        "",
        None,
        None,
        None,
    ),
]


def write_indicators(ws, fmt: dict, today: date) -> None:
    """The demo's Indicators sheet: the twelve months before `today`, one value typed as a
    whole number among percentages (as plans have), one indicator still awaiting data."""
    fields = [f.header for f in schema.INDICATOR_FIELDS]
    first = today.replace(day=1)
    months: list[str] = []
    for _ in range(12):
        first = (first - timedelta(days=1)).replace(day=1)
        months.insert(0, f"{first:%b %Y}")
    for col, text in enumerate(fields + months):
        ws.write(0, col, text, fmt["header"])
        ws.set_column(col, col, 40 if col == 1 else 11)
    for row, (*typed, start, end) in enumerate(INDICATORS, start=1):
        for col, value in enumerate(typed[:1] + typed[1:2] + ["", "HOS"] + typed[2:]):
            if value is not None:
                ws.write(row, col, value, fmt["percent"] if col == 9 and typed[2] == "%" else None)
        for i in range(12):
            col = len(fields) + i
            if start is None:
                ws.write(row, col, "awaiting data" if i == 11 else "")
                continue
            assert end is not None, "an indicator with a first value has a last"
            value = round(start + (end - start) * i / 11 + (0.01 if i % 4 == 1 else 0), 2)
            if typed[2] != "%":
                ws.write_number(row, col, round(value))
            elif row == 1 and i == 9:
                ws.write_number(row, col, round(value * 100))  # 80 among 0.82 shown as 82%
            else:
                ws.write_number(row, col, value, fmt["percent"])
    ws.freeze_panes(1, 2)


def write_demo(path: str | Path, today: date, seed: int = 2016) -> Path:
    """Write the demo plan workbook (not yet refreshed)."""
    import xlsxwriter

    path = Path(path)
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"title": "ragbook demo plan", "author": "ragbook", "created": FIXED_DATE})
    fmt = formats(wb)
    ws = wb.add_worksheet(schema.ACTIONS)
    prev_month = (today.replace(day=1) - timedelta(days=1)).strftime("%b")
    headers = [
        "Ref",
        "Priority",
        "Action(s)",
        "Lead",
        "Provisional time",
        "RAG Initial",
        f"RAG {prev_month}",
        "RAG rating",
        "% complete",
        "Progress Update",
        "Notes",
    ]
    widths = [7, 30, 55, 14, 16, 13, 13, 14, 11, 45, 24]
    for col, (text, width) in enumerate(zip(headers, widths, strict=False)):
        ws.write(0, col, text, fmt["header"])
        ws.set_column(col, col, width, fmt["wrap"])
    ws.freeze_panes(1, 0)
    row_no = 1
    for i, row in enumerate(demo_rows(today, seed)):
        if i == 40:  # a header row repeated mid-table, as when pasted from Word
            for col, text in enumerate(headers):
                ws.write(row_no, col, text, fmt["header"])
            row_no += 1
        for col, value in enumerate(row):
            if isinstance(value, datetime):
                ws.write_datetime(row_no, col, value, fmt["date"])
            elif col == 8:
                ws.write_number(row_no, col, value, fmt["percent"])
            elif value != "":
                ws.write(row_no, col, value)
        row_no += 1
    write_indicators(wb.add_worksheet(schema.INDICATORS), fmt, today)
    write_leads(wb.add_worksheet(schema.LEADS), fmt, LEADS)
    write_settings(
        wb.add_worksheet(schema.SETTINGS),
        wb,
        fmt,
        PRESETS["reading5"],
        "Children's Services Improvement Plan (demo)",
    )
    ws.activate()
    wb.close()
    return path
