"""Chinese search at scale (issue 4, item 10): 100,000 generated disclosure items on
SQLite, indexing throughput, and the latency of 30 fixed Chinese queries through
Lantian's search against a bare FTS5 query on the same index, in the same run.

- indexing: jieba segmentation (lantian.core.text) and Wagtail's database backend
  ``add_bulk`` (index rows + FTS5) of every item, in items per second;
- ours: ``lantian.disclosure.selectors.search(q)`` as a results page uses it (count, the
  first 20 with their highlighted snippets), with synonyms and the backend's ranking;
- bare: one ``SELECT … FROM <fts> WHERE <fts> MATCH '<same segmented terms>' ORDER BY
  bm25 LIMIT 20`` on the same store (no ORM, no count, no snippets);
- p50 and p95 over all runs of all queries, and each query's median ratio ours / bare.

Runs on a fresh SQLite file in a temporary folder (the items are bulk-inserted, not
taken through the workflow).

    .venv/bin/python bench/search.py [--items 100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

QUERIES = [
    "水质",
    "环评",
    "大气污染防治",
    "排污许可证",
    "行政处罚决定书",
    "臭氧",
    "突发环境事件应急预案",
    "细颗粒物",
    "PM2.5",
    "挥发性有机物",
    "危险废物",
    "饮用水水源地",
    "黑臭水体",
    "双随机",
    "环境影响评价 审批",
    "建设项目 竣工验收",
    "空气质量 周报",
    "重污染天气",
    "噪声",
    "信息公开",
    "依申请公开",
    "土壤污染",
    "监测数据",
    "排污证",
    "碳达峰",
    "生物多样性",
    "扬尘 整治",
    "执法检查",
    "地表水 断面",
    "秸秆焚烧",
]

PLACES = ["示范区", "滨江区", "高新区", "东湖县", "北山镇", "临港开发区", "西城街道"]
COMPANIES = ["示范化工有限公司", "滨江印染厂", "宏达水泥有限公司", "东湖电镀厂", "临港热电公司"]
SUBJECTS = [
    "大气污染防治",
    "水污染防治",
    "土壤污染防治",
    "臭氧污染防治",
    "挥发性有机物综合治理",
    "重污染天气应急",
    "饮用水水源地保护",
    "黑臭水体整治",
    "危险废物规范化管理",
    "噪声污染防治",
    "扬尘污染整治",
    "秸秆焚烧管控",
    "碳达峰行动",
    "生物多样性保护",
    "突发环境事件应急预案",
]
TITLES = [
    "关于印发《{place}{subject}工作方案》的通知",
    "{place}{subject}工作进展情况通报",
    "关于{company}建设项目环境影响评价文件的批复",
    "{company}建设项目竣工环境保护验收公示",
    "关于{company}超标排放的行政处罚决定书",
    "{company}排污许可证变更公告",
    "{year}年第{n}期环境空气质量周报",
    "{year}年{month}月{place}地表水水质监测数据",
    "{place}{year}年双随机一公开执法检查结果",
    "关于{subject}的政策解读",
    "市生态环境局召开{subject}新闻发布会",
    "{year}年政府信息公开工作年度报告",
]
SENTENCES = [
    "本月全市细颗粒物（PM2.5）平均浓度为{v}微克/立方米，同比下降{p}%。",
    "{place}国控断面水质总体为优，无劣V类水体。",
    "{company}因超标排放被责令改正，并处罚款{v}万元。",
    "环评审批实行告知承诺制，压缩审批时限至{p}个工作日。",
    "臭氧成为夏季首要污染物，重点管控挥发性有机物排放。",
    "排污单位应当按照排污许可证规定开展自行监测并公开监测数据。",
    "各地要落实突发环境事件应急预案，加强环境风险隐患排查。",
    "依申请公开的政府信息，应当在法定期限内予以答复。",
    "开展饮用水水源地环境问题排查整治，保障群众饮水安全。",
    "建设单位应当在竣工验收后公开验收报告，接受社会监督。",
    "强化扬尘污染整治，建筑工地落实六个百分之百要求。",
    "危险废物产生单位应当建立管理台账，如实记录有关信息。",
    "推进碳达峰碳中和，控制温室气体排放。",
    "加强生物多样性保护，严守生态保护红线。",
    "全市开展双随机执法检查{v}次，发现问题{p}个。",
]
KINDS = ["document", "policy", "interpretation", "news", "notice", "press"]


def generate(n: int, rng: random.Random):
    for i in range(n):
        fill = {
            "place": rng.choice(PLACES),
            "company": rng.choice(COMPANIES),
            "subject": rng.choice(SUBJECTS),
            "year": rng.choice([2023, 2024, 2025, 2026]),
            "month": rng.randint(1, 12),
            "n": rng.randint(1, 52),
            "v": rng.randint(10, 90),
            "p": rng.randint(1, 30),
        }
        title = rng.choice(TITLES).format(**fill)
        sentences = [rng.choice(SENTENCES).format(**fill) for _ in range(rng.randint(4, 10))]
        summary = sentences[0]
        body = "".join(f"<p>{s}</p>" for s in sentences[1:])
        yield i, title, summary, body, fill


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reuse", help="the folder of an earlier run: only the queries")
    args = parser.parse_args()
    folder = Path(args.reuse or tempfile.mkdtemp(prefix="lantian-bench-search-"))
    os.environ.update(
        {
            "DEBUG": "true",
            "LANTIAN_HOME": str(folder),
            "SECRET_KEY": "bench",
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "lantian.config.settings",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from wagtail.search.backends import get_search_backend

    from lantian.core import text
    from lantian.core.models import Department
    from lantian.disclosure import selectors
    from lantian.disclosure.models import Category

    if not args.reuse:
        build(args, call_command, transaction, get_search_backend, text, Department, Category)
    query(args, connection, text, selectors)


def build(args, call_command, transaction, get_search_backend, text, Department, Category):
    from lantian.disclosure.models import DisclosureItem

    call_command("migrate", verbosity=0)
    department = Department.objects.create(code="office", name="办公室")
    categories = [
        Category.objects.create(code=f"C{k}", name=name)
        for k, name in enumerate(["政策文件", "环境质量", "环评审批", "行政处罚", "新闻"])
    ]
    rng = random.Random(20260401)
    start_day = date(2023, 1, 1)

    # rows, bulk-inserted (not timed: the workflow is not what is measured here)
    t0 = time.perf_counter()
    rows = []
    chars = 0
    for i, title, summary, body, fill in generate(args.items, rng):
        day = start_day + timedelta(days=rng.randint(0, 1300))
        chars += len(title) + len(summary) + len(body)
        rows.append(
            DisclosureItem(
                title=title,
                summary=summary,
                body=body,
                keywords=fill["subject"],
                kind=rng.choice(KINDS),
                category=rng.choice(categories),
                department=department,
                formed_on=day,
                published_on=day + timedelta(days=3),
                index_no=f"MB1C00001/{day.year}-{i:06d}",
                doc_number=f"示环发〔{day.year}〕{i % 300 + 1}号",
                live=True,
            )
        )
    with transaction.atomic():
        DisclosureItem.objects.bulk_create(rows, batch_size=2000)
    print(
        f"{args.items:,} items, {chars / 1e6:.1f} M characters, inserted in "
        f"{time.perf_counter() - t0:.1f} s"
    )

    # indexing: segmentation + the backend's bulk add, in batches as update_index does
    text.tokenizer()  # dictionary load (~1 s), once per process, not per item
    backend = get_search_backend()
    index = backend.get_index_for_model(DisclosureItem)
    items = list(DisclosureItem.objects.order_by("pk"))
    t0 = time.perf_counter()
    for item in items[:2000]:
        text.segment_for_index(item.title + item.summary + item.body)
    seg_rate = 2000 / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    for k in range(0, len(items), 1000):
        with transaction.atomic():
            index.add_items(DisclosureItem, items[k : k + 1000])
    t_index = time.perf_counter() - t0
    print(
        f"indexing (segment + add_bulk): {t_index:.1f} s, {len(items) / t_index:,.0f} items/s "
        f"(segmentation alone ≈ {seg_rate:,.0f} items/s)"
    )


def query(args, connection, text, selectors):
    from modelsearch.backends.database.sqlite.query import SQLiteFTSIndexEntry

    fts = SQLiteFTSIndexEntry._meta.db_table

    def bare(q: str) -> list:
        terms = text.query_terms(q)
        match = " AND ".join(
            "(" + " OR ".join(f'"{a}"' for a in sorted(alts)) + ")" for alts in terms
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s ORDER BY bm25({fts}) LIMIT 20",
                [match],
            )
            return cursor.fetchall()

    def ours(q: str) -> list:
        results = selectors.search(q)
        len(results)
        return results[0:20]

    for q in QUERIES:  # warm both paths (query plans, page cache)
        bare(q)
        ours(q)
    ours_all: list[float] = []
    bare_all: list[float] = []
    print(f"\n{'query':<16}{'hits':>8}{'ours ms':>10}{'bare ms':>10}{'ratio':>8}")
    for q in QUERIES:
        mine, base = [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            ours(q)
            mine.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            bare(q)
            base.append((time.perf_counter() - t0) * 1000)
        ours_all += mine
        bare_all += base
        hits = len(selectors.search(q))
        m, b = statistics.median(mine), statistics.median(base)
        print(f"{q:<16}{hits:>8,}{m:>10.1f}{b:>10.2f}{m / b:>8.1f}")

    def pct(values: list[float], p: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]

    print(f"\nours: p50 {pct(ours_all, 0.5):.1f} ms, p95 {pct(ours_all, 0.95):.1f} ms")
    print(f"bare FTS5: p50 {pct(bare_all, 0.5):.2f} ms, p95 {pct(bare_all, 0.95):.2f} ms")
    print(
        f"  ratio p50 {pct(ours_all, 0.5) / pct(bare_all, 0.5):.1f}x, "
        f"p95 {pct(ours_all, 0.95) / pct(bare_all, 0.95):.1f}x"
    )


if __name__ == "__main__":
    sys.exit(main())
