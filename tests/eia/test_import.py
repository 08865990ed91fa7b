"""The XLSX import of the national EIA approval platform's export: projects found by
their investment project code, decisions recorded, bad rows refused with their row and
column while the good ones are kept, the same file twice changing nothing, the file
kept as received; the command and the back-office screens per role."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from lantian.core.roles import Role
from lantian.eia import import_services, imports
from lantian.eia.models import Project, ProjectImport
from tests.complaints.conftest import signed_in
from tests.eia.conftest import OUTSIDER, Plants
from tests.sources.conftest import POWER_PLANT, WWTP

pytestmark = pytest.mark.django_db

BOOK = "2101-320500-04-01-000001"
FORM = "2103-320505-04-01-000002"
REGISTRATION = "2105-320506-04-01-000003"
BAD_CHECK = POWER_PLANT[:-1] + ("0" if POWER_PLANT[-1] != "0" else "1")


def good_rows() -> list[dict[str, Any]]:
    return [
        {
            "项目代码": BOOK,
            "项目名称": "示范热电2×350MW热电联产扩建项目",
            "建设单位": "示范热电有限公司",
            "统一社会信用代码": POWER_PLANT,
            "建设地点": "示范市示范区电厂路1号",
            "所在区县": "示范区",
            "经度": 120.601,
            "纬度": 31.301,
            "国民经济行业代码": "D4412",
            "行业名称": "热电联产",
            "环评文件类型": "报告书",
            "环评单位": "示范环境科学研究院有限公司",
            "总投资（万元）": 268000,
            "受理日期": datetime(2026, 2, 9),  # an Excel date
            "审批结果": "批准",
            "审批文号": "示环审〔2026〕12号",
            "审批日期": "2026年3月31日",
            "审批意见": "落实烟气超低排放措施。",
        },
        {
            "项目代码": FORM,
            "项目名称": "城东污水处理厂提标改造工程",
            "建设单位": "示范市城东污水处理厂",
            "统一社会信用代码": WWTP,
            "建设地点": "示范市示范区东环路8号",
            "所在区县": "江苏省示范市示范区",
            "国民经济行业代码": "4620 污水处理及其再生利用",
            "环评文件类型": "环境影响报告表",
            "总投资（万元）": "1,250.5",
            "受理日期": "2025/10/20",
        },
        {
            "项目代码": REGISTRATION,
            "项目名称": "外来建材仓储项目",
            "建设单位": "外来建材有限公司",
            "统一社会信用代码": OUTSIDER.lower(),
            "建设地点": "示范市示范区建材路5号",
            "环评文件类型": "登记表",
            "受理日期": "2026-01-05",
            "审批结果": "不予批准",
            "审批日期": "2026-01-20",
        },
    ]


def xlsx(
    rows: list[dict[str, Any]],
    headers: list[str] | None = None,
    *,
    title: str | None = "示范市建设项目环评审批信息（国家平台导出）",
    formulas: dict[str, str] | None = None,
) -> bytes:
    """A workbook like the platform's export: a title row, then the header row (row 2),
    then one row a project (row 3 on). ``formulas`` puts a formula in a column's cells
    (openpyxl saves it without a value)."""
    headers = headers or list(imports.HEADERS)
    book = Workbook()
    sheet = book.active
    if title is not None:
        sheet.append([title])
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    for header, formula in (formulas or {}).items():
        column = headers.index(header) + 1
        for r in range(3 if title is not None else 2, sheet.max_row + 1):
            sheet.cell(row=r, column=column, value=formula)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(content: bytes, filename: str = "export.xlsx", actor: Any = None) -> ProjectImport:
    with translation.override("en"):
        return import_services.import_projects(actor=actor, content=content, filename=filename)


def refused(done: ProjectImport) -> dict[int, str]:
    return {r["row"]: " | ".join(r["reasons"]) for r in done.report["rejected"]}


# ---------------------------------------------------------------- the import


def test_a_good_file_creates_the_projects_and_their_decisions(plants: Plants) -> None:
    content = xlsx(good_rows())
    done = run(content)
    assert (done.created, done.updated, done.unchanged, done.rejected) == (3, 0, 0, 0)
    book = Project.objects.get(project_code=BOOK)
    assert book.category == "report_book" and book.district == plants.power.district
    assert str(book.longitude) == "120.601000" and str(book.latitude) == "31.301000"
    assert (book.industry_code, book.industry_name) == ("4412", "热电联产")
    assert book.accepted_on == date(2026, 2, 9) and str(book.investment) == "268000.00"
    assert book.enterprise == plants.power  # linked to the register by the credit code
    assert (book.decision, book.decided_on) == ("approved", date(2026, 3, 31))
    assert book.decision_number == "示环审〔2026〕12号"
    assert book.conditions == "落实烟气超低排放措施。"
    form = Project.objects.get(project_code=FORM)
    assert form.district == plants.power.district  # 江苏省示范市示范区 ends with 示范区
    assert (form.industry_code, form.industry_name) == ("4620", "污水处理及其再生利用")
    assert str(form.investment) == "1250.50" and form.accepted_on == date(2025, 10, 20)
    assert form.decision == "" and form.decided_on is None
    registration = Project.objects.get(project_code=REGISTRATION)
    assert registration.builder_credit_code == OUTSIDER  # upper-cased
    assert registration.category == "registration_form"
    assert registration.decision == "not_approved"
    # the file as received, and the report of its rows
    done.refresh_from_db()
    assert bytes(done.raw) == content and done.filename == "export.xlsx"
    assert done.report["header_row"] == 2
    assert [r["row"] for r in done.report["rows"]] == [3, 4, 5]


def test_the_same_file_again_changes_nothing(plants: Plants) -> None:
    from wagtail.models import ModelLogEntry

    content = xlsx(good_rows())
    run(content)
    stored = list(Project.objects.order_by("pk").values())
    entries = ModelLogEntry.objects.count()
    again = run(content, filename="export-again.xlsx")
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 3, 0)
    assert list(Project.objects.order_by("pk").values()) == stored
    # one audit entry: the import itself, no project touched
    assert ModelLogEntry.objects.count() == entries + 1
    assert again.report["same_as"] == ProjectImport.objects.order_by("pk").first().pk


def test_a_changed_cell_updates_that_project_only(plants: Plants) -> None:
    run(xlsx(good_rows()))
    before = {p.project_code: p.updated_at for p in Project.objects.all()}
    rows = good_rows()
    rows[1]["项目名称"] = "城东污水处理厂提标改造及中水回用工程"
    rows[1]["审批结果"], rows[1]["审批日期"] = "同意", date(2025, 12, 1)
    rows[0]["经度"] = rows[0]["纬度"] = None  # empty cells leave the stored values alone
    done = run(xlsx(rows))
    assert (done.created, done.updated, done.unchanged, done.rejected) == (0, 1, 2, 0)
    form = Project.objects.get(project_code=FORM)
    assert form.name == "城东污水处理厂提标改造及中水回用工程"
    assert (form.decision, form.decided_on) == ("approved", date(2025, 12, 1))
    after = {p.project_code: p.updated_at for p in Project.objects.all()}
    assert after[BOOK] == before[BOOK] and after[REGISTRATION] == before[REGISTRATION]
    assert done.report["rows"][1] == {
        "row": 4,
        "code": FORM,
        "project": form.pk,
        "outcome": "updated",
    }


def test_bad_rows_are_refused_with_their_row_and_column_the_good_ones_kept(
    plants: Plants,
) -> None:
    good = good_rows()
    bad = [
        {**good[0], "项目代码": "2101-320500-04-01-000011", "统一社会信用代码": BAD_CHECK},
        {**good[0], "项目代码": "2101-320500-04-01-000012", "环评文件类型": "报告册"},
        {**good[0], "项目代码": "2101-320500-04-01-000013", "审批日期": "2026-02-01"},
        {**good[0], "项目代码": "2101-320500-04-01-000014", "受理日期": "2026年2月30日"},
        {**good[0], "项目代码": "2101-320500-04-01-000015", "所在区县": "不存在区"},
        {**good[0], "项目代码": "2101-320500-04-01-000016", "审批日期": None},
        {**good[0], "项目代码": "2101-320500-04-01-000017", "经度": 31.3, "纬度": 120.6},
        {**good[0], "项目代码": "2101-320500-04-01-000018", "审批结果": "", "审批文号": ""},
        {**good[0], "项目代码": "2101-320500-04-01-000019", "项目名称": " "},
        {**good[1], "项目代码": "2105-320506-04-01-000020"},
        {**good[1], "项目代码": "2105-320506-04-01-000020", "项目名称": "另一项目"},
    ]
    done = run(xlsx([*good, *bad]))
    assert (done.created, done.rejected) == (3, 11)  # rows 3–5 stored, 6–16 refused
    assert set(Project.objects.values_list("project_code", flat=True)) == {
        BOOK,
        FORM,
        REGISTRATION,
    }
    reasons = refused(done)
    assert set(reasons) == set(range(6, 17))
    assert reasons[6].startswith("统一社会信用代码: ") and "check character" in reasons[6]
    assert reasons[7] == "环评文件类型: unknown type “报告册” (报告书, 报告表 or 登记表)"
    assert reasons[8] == "审批日期: 2026-02-01 is before 受理日期 (2026-02-09)"
    assert reasons[9].startswith("受理日期: “2026年2月30日” is not a date")
    assert reasons[10] == "所在区县: unknown district “不存在区”"
    assert reasons[11] == "审批结果: given without 审批日期"
    assert "经度: 31.3 is outside China" in reasons[12] and "swapped" in reasons[12]
    assert reasons[13] == "审批日期: given without 审批结果 | 审批意见: given without 审批结果"
    assert reasons[14] == "项目名称: empty"
    assert reasons[15] == "项目代码: “2105-320506-04-01-000020” is also in row(s) 16 of this file"
    assert reasons[16] == "项目代码: “2105-320506-04-01-000020” is also in row(s) 15 of this file"
    # as submitted, for the report
    assert done.report["rejected"][0]["raw"]["统一社会信用代码"] == BAD_CHECK


def test_a_row_the_services_refuse_is_reported_and_the_others_kept(plants: Plants) -> None:
    from lantian.eia import services

    run(xlsx(good_rows()))
    book = Project.objects.get(project_code=BOOK)
    services.add_notice(  # the decision notice is out: the decision can no longer change
        actor=None,
        project=book,
        kind="decision",
        starts_on=date(2026, 4, 1),
        ends_on=date(2026, 4, 8),
        to_disclosure=False,
    )
    rows = good_rows()
    rows[0]["审批文号"] = "示环审〔2026〕13号"
    rows[0]["项目名称"] = "改名的项目"
    rows[1]["建设地点"] = "示范市示范区东环路10号"
    done = run(xlsx(rows))
    assert (done.updated, done.unchanged, done.rejected) == (1, 1, 1)
    assert refused(done) == {3: "审批结果: The decision notice is out; the decision cannot change."}
    book.refresh_from_db()  # the row's savepoint undid its project change too
    assert book.name == "示范热电2×350MW热电联产扩建项目"
    assert book.decision_number == "示环审〔2026〕12号"
    assert Project.objects.get(project_code=FORM).address == "示范市示范区东环路10号"


def test_headers_are_found_by_their_variants_below_title_rows(plants: Plants) -> None:
    headers = {
        "项目代码": "全国投资项目在线审批监管平台项目代码",
        "项目名称": "建设项目名称",
        "建设单位": "建设单位名称",
        "统一社会信用代码": "建设单位统一社会信用代码",
        "建设地点": "项目地址",
        "所在区县": "行政区划",
        "环评文件类型": "环评类别",
        "环评单位": "编制单位",
        "总投资（万元）": "总投资(万元)",
        "受理日期": "受理时间",
        "审批结果": "审批决定",
        "审批文号": "批复文号",
        "审批日期": "批复日期",
        "审批意见": "批复要求",
    }
    rows = [{headers.get(k, k): v for k, v in row.items()} for row in good_rows()]
    names = [headers.get(h, h) for h in imports.HEADERS] + ["序号"]
    done = run(xlsx(rows, names, title=None))
    assert (done.created, done.rejected) == (3, 0)
    assert done.report["header_row"] == 1 and done.report["ignored"] == ["序号"]
    assert Project.objects.get(project_code=BOOK).decision_number == "示环审〔2026〕12号"


def with_saved_values(content: bytes, value: str) -> bytes:
    """``content`` as Excel would save it: each formula with its computed value."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(
                    rb"<f>([^<]*)</f>(<v\s*/>|<v></v>)?",
                    rb"<f>\1</f><v>" + value.encode() + rb"</v>",
                    data,
                )
            target.writestr(item, data)
    return out.getvalue()


def test_formula_cells_count_with_their_saved_value_or_are_refused(plants: Plants) -> None:
    content = xlsx(good_rows(), formulas={"总投资（万元）": "=1000+234"})
    done = run(content)  # written by a program: no value saved with the formulas
    assert (done.created, done.rejected) == (0, 3)
    assert refused(done)[3].startswith("总投资（万元）: a formula without a saved value")
    saved = run(with_saved_values(content, "1234"))  # as Excel saves it
    assert (saved.created, saved.rejected) == (3, 0)
    assert str(Project.objects.get(project_code=BOOK).investment) == "1234.00"


def test_a_missing_required_column_refuses_the_file(plants: Plants) -> None:
    headers = [h for h in imports.HEADERS if h not in ("统一社会信用代码", "环评文件类型")]
    with translation.override("en"), pytest.raises(imports.FileError) as refused_file:
        import_services.import_projects(
            actor=None, content=xlsx(good_rows(), headers), filename="export.xlsx"
        )
    assert str(refused_file.value) == (
        "The header row (row 2) lacks the column(s): 统一社会信用代码、环评文件类型."
    )
    assert not ProjectImport.objects.exists() and not Project.objects.exists()


def test_a_file_that_is_not_xlsx_is_refused(plants: Plants) -> None:
    csv = "项目代码,项目名称\n2101-320500-04-01-000001,示范项目\n".encode()
    for content, name in ((csv, "export.xlsx"), (csv, "export.csv"), (b"", "export.xlsx")):
        with pytest.raises(imports.FileError):
            run(content, filename=name)
    with pytest.raises(imports.FileError, match="No header row"):
        run(xlsx([], ["说明", "备注"]))
    assert not ProjectImport.objects.exists()


def test_every_row_refused_still_keeps_the_file(plants: Plants) -> None:
    rows = [{**row, "环评文件类型": "未知"} for row in good_rows()]
    content = xlsx(rows)
    done = run(content)
    assert (done.created, done.rejected) == (0, 3) and not Project.objects.exists()
    assert bytes(ProjectImport.objects.get().raw) == content


def test_the_template_has_the_header_row_and_imports_as_empty() -> None:
    sheet = load_workbook(io.BytesIO(imports.template_xlsx())).worksheets[0]
    assert [c.value for c in sheet[1]] == list(imports.HEADERS)
    parsed = imports.parse(
        imports.template_xlsx(), districts={}, credit_code_problem=lambda code: None
    )
    assert parsed.rows == [] and parsed.refused == [] and parsed.header_row == 1


# ---------------------------------------------------------------- the command


def test_the_command_prints_each_files_counts_and_refused_rows(
    plants: Plants, tmp_path: Path
) -> None:
    rows = good_rows()
    rows[2]["统一社会信用代码"] = BAD_CHECK
    path = tmp_path / "export.xlsx"
    path.write_bytes(xlsx(rows))
    out = StringIO()
    with translation.override("en"):
        call_command("eia", "import", str(path), stdout=out)
    lines = out.getvalue().splitlines()
    number = ProjectImport.objects.get().pk
    assert lines[0] == f"{path}: 2 created, 0 updated, 0 unchanged, 1 refused (import {number})"
    assert lines[1].startswith("  row 5: 统一社会信用代码: ")
    out = StringIO()
    call_command("eia", "import", str(path), stdout=out)
    assert "0 created, 0 updated, 2 unchanged, 1 refused" in out.getvalue()


def test_the_command_fails_on_an_unreadable_file_after_importing_the_others(
    plants: Plants, tmp_path: Path
) -> None:
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx(good_rows()))
    renamed = tmp_path / "renamed.xlsx"
    renamed.write_text("项目代码,项目名称\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command(
            "eia",
            "import",
            str(renamed),
            str(good),
            str(tmp_path / "missing.xlsx"),
            stdout=StringIO(),
            stderr=err,
        )
    assert failed.value.returncode == 2
    assert "renamed.xlsx" in err.getvalue() and "missing.xlsx" in err.getvalue()
    assert Project.objects.count() == 3  # the good file was imported


# ---------------------------------------------------------------- the back office


def url(name: str, *args: Any) -> str:
    return reverse(f"eia_admin:{name}", args=args)


def upload(client: Client, content: bytes, name: str = "export.xlsx") -> Any:
    return client.post(url("import_upload"), {"file": SimpleUploadedFile(name, content)})


def test_the_division_uploads_and_reads_the_report(
    plants: Plants, division: dict[str, Any]
) -> None:
    client = signed_in(division["handler"])
    assert client.get(url("import_upload")).status_code == 200
    rows = good_rows()
    rows[1]["审批日期"] = "2025-09-01"
    content = xlsx(rows)
    response = upload(client, content)
    done = ProjectImport.objects.get()
    assert response.status_code == 302 and response["Location"] == url("import", done.pk)
    assert done.imported_by == division["handler"]
    assert (done.created, done.rejected) == (2, 1)
    report = client.get(url("import", done.pk)).content.decode()
    assert "1 row refused" in report and "审批日期: " in report
    assert BOOK in report and url("project", Project.objects.get(project_code=BOOK).pk) in report
    listing = client.get(url("imports")).content.decode()
    assert "export.xlsx" in listing and url("import", done.pk) in listing
    raw = client.get(url("import_file", done.pk))
    assert raw.status_code == 200 and raw.content == content
    assert raw["X-Content-Type-Options"] == "nosniff" and "attachment" in raw["Content-Disposition"]
    template = client.get(url("import_template"))
    sheet = load_workbook(io.BytesIO(template.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == list(imports.HEADERS)
    assert client.get(url("import", 999999)).status_code == 404


def test_the_upload_refuses_what_is_not_an_export(plants: Plants, division: dict[str, Any]) -> None:
    client = signed_in(division["handler"])
    csv = upload(client, "项目代码,项目名称\n".encode(), "export.xlsx")
    assert csv.status_code == 400 and "whatever its name says" in csv.content.decode()
    missing = [h for h in imports.HEADERS if h != "项目代码"]
    response = upload(client, xlsx(good_rows(), missing))
    assert response.status_code == 400
    assert "lacks the column(s): 项目代码" in response.content.decode()
    too_big = SimpleUploadedFile("export.xlsx", b"0" * (import_services.IMPORT_MAX_BYTES + 1))
    assert client.post(url("import_upload"), {"file": too_big}).status_code == 400
    assert not ProjectImport.objects.exists()


def test_other_roles_are_refused_and_anonymous_visitors_sent_to_the_login(
    plants: Plants, staff: dict[Role, Any]
) -> None:
    done = run(xlsx(good_rows()))
    paths = [
        url("imports"),
        url("import_upload"),
        url("import_template"),
        url("import", done.pk),
        url("import_file", done.pk),
    ]
    for role in (Role.CASE_HANDLER, Role.DEPARTMENT_HEAD, Role.DATA_MANAGER, Role.EDITOR):
        client = signed_in(staff[role])
        for path in paths:
            assert client.get(path).status_code == 403, (role, path)
        assert upload(client, xlsx(good_rows())).status_code == 403
    for path in paths:
        response = Client().get(path)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], path
    assert ProjectImport.objects.count() == 1


def test_the_menu_offers_imports_to_the_division_only(
    plants: Plants, division: dict[str, Any], staff: dict[Role, Any]
) -> None:
    home = reverse("wagtailadmin_home")
    assert url("imports") in signed_in(division["head"]).get(home).content.decode()
    assert url("imports") not in signed_in(staff[Role.EDITOR]).get(home).content.decode()


# ---------------------------------------------------------------- any cell


CELLS = st.one_of(
    st.none(),
    st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=30),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(imports.HEADERS), CELLS), max_size=4))
def test_any_cells_are_kept_or_refused_with_their_column(rows: list[dict[str, Any]]) -> None:
    """Whatever the cells hold, the reader keeps a row or refuses it naming a column."""
    with translation.override("en"):
        parsed = imports.parse(
            xlsx([{**good_rows()[0], **row} for row in rows]),
            districts={"示范区": 1},
            credit_code_problem=lambda code: None if code == POWER_PLANT else "wrong",
        )
    assert len(parsed.rows) + len(parsed.refused) == len(rows)
    for refusal in parsed.refused:
        assert refusal.reasons
        for reason in refusal.reasons:
            assert reason.split(": ")[0] in imports.HEADERS, reason
