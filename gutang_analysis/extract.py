"""Draft a target catalog (a plan file) from the text of a Chinese work plan.

The extractor reads a plan text such as ``data/source/gutang-2022-work-plan.txt`` and
proposes one entry per commitment, in the plan-file format that
:func:`~gutang_analysis.plan.load_plan` reads. Every entry is marked ``draft: true`` with a
``confidence``; an analyst reviews the draft before it is used.

How it works
------------
1. **Header.** ``key: value`` lines before the title (索引号, 发布机构, 发布日期, value on the
   same or the next non-empty line); the title is the first short line after them. The year
   comes from the title (``2022年``, ``2023 年``, ``二〇二三年``; of two years the one before
   工作安排/要点/…), else a plan heading (``二、2023年工作安排``, ``2023年主要预期目标``), else
   the body (:func:`_body_year`: a year with a planning word near it, ``2023年,街道将…``; a
   year after 到 is a horizon; a text reporting only last year's figures plans the next),
   else a phrase naming the year's work anywhere (``2024年八项民生实事项目``) or a document
   number (``洋政发〔2024〕8号``), else the publication date, else any year the text writes;
   a year outside 2000–2100 is refused. A text that writes no year at all is drafted with
   the year unknown (``year: null``; the review list and ``new`` ask for ``--year``).
   Without 发布机构 or a title, the issuer is the body's most frequent place name and the
   title a placeholder, both with a warning.
2. **Parts and sections** (:func:`_find_parts`, :func:`_sections`). A work report that
   reviews last year first (``一、2022年工作回顾`` … ``二、2023年工作安排``, or review
   paragraphs before ``今后五年…主要目标是``) is split: only the plan part is drafted; the
   review's figures become :attr:`Draft.reported`. In the plan part a paragraph starting
   ``一、`` … opens a programme (``code`` 一, ``title`` the heading sentence up to 。). An
   unnumbered paragraph after them that opens with a closing cue (``为实现`` / ``为完成`` /
   ``总之``) opens the closing part (``code`` 结语). Text before the first programme is a
   section of its own when it states a value (a goals paragraph), else it is not searched.
   Inside the plan part, every sentence is classed by the year it speaks of
   (:func:`_review_spans`): a meeting report that mixes ``过去一年,…实现…`` with this year's
   goals has its review sentences reported, not drafted. A traditional-character text is
   converted to simplified first (OpenCC ``t2s``, offsets kept, quotes from the original).
   A plan numbered only ``（一）（二）`` has those paragraphs as its sections, a text without
   any heading is one section named from the text (主要预期目标); both with a warning.
3. **Areas.** Inside a section, a short sentence without inner punctuation (``深化精准服务。``)
   or a ``（一）``/``(一)`` sub-heading names the sub-area of the text after it.
4. **Clauses.** Sentences end at 。！？ or a line break; clauses at ；/;. Within a clause,
   a scoping verb (确保/力争/争创) covers everything after it: items joined by 、 or a comma
   inherit it, a semicolon or full stop ends it (the nearest preceding verb in the clause wins).
5. **Patterns**, tried per clause (documented at each ``_RE_*`` constant below):

   - numbers with a registered unit at the end of a phrase (``50家以上``, ``1.8亿元以上``,
     ``300万美元``, ``三家``, ``两百张``, ``100%``, ``千分之八``), with the qualifier after
     them (以上 → ``>=``, 左右 → ``~``, 以内/以下 → ``<=``; none → ``=``, or ``>=`` for a
     percentage) and the one before them (不低于, 不少于, 突破, 超过 → ``>=``; 控制在,
     不超过 → ``<=``);
   - ranges (``5-8个``, ``5～8个``, ``三至五家``, ``一二家``) become *at least the lower
     bound* (medium confidence; low for ``一二家``, which cn2an would read as 12) and
     approximate numbers (``十余家``, ``10多个``) *at least the number* (low confidence),
     both with a note;
   - distribution words before the number (``各``, ``均``), ``分别`` before a list of values
     (the k-th value to the k-th noun) and parallel nouns joined by 和 before a rate, which
     make one target per item;
   - growth rates (``增长6%以上``, ``增速6.2%以上``, ``比增5%``, ``与2023年持平``) as the
     ``growth`` kind, one per indicator of ``A和B(均)增长N%``; ``下降3%`` a direction;
     an amount without 以上 (``固定资产投资2.5亿元``) a floor of medium confidence;
     numbers before their noun after a commitment verb (``完成2个一级微型消防站建设``);
     project attributes (``总投资24.55亿元``) are skipped, a goal stated twice is kept once;
   - ``其中`` sub-targets, ``累计`` / ``用5年时间`` / ``到2025年`` / ``年均`` / ``动态``
     (``annual: false``; ``到2023年底`` in the plan year is annual, a sentence opening with
     其中 inherits the multi-year wording of the one before); a phrase naming the plan year
     (``其中2022年完成8个``) is annual again;
   - 清零 (zero), 前三 / 全市前列 (rank), 双下降 / 双控双减 (two direction targets),
     下降2个百分点 / 只减不增 (one direction target, the size in the notes),
     提升…率 / 压减…支出 (one direction target, low confidence), milestones (创成, 争创…街道,
     完成…任务, 成立, 推进…创建工作) and, for a clause with 确保/力争/争创 and nothing else
     found, a qualitative entry;
   - a number followed by a unit that is not registered (``削减化肥200吨``, ``1.2万吨``,
     ``200根``): a numeric target of medium confidence in that unit, the unit proposed with a
     family and factor in :attr:`Draft.new_units` (:func:`write_units_file`); another word
     after a number in a phrase with a commitment verb (``200栋位``): a low-confidence
     qualitative entry and a warning, never silence. A number that cannot be read
     (``五十五十家``) gives a warning.
   - the township's own forms: the count of the year's projects (``实施十件民生实事项目``,
     ``十大民生实事项目``, ``12项民心工程``, ``为民“10件实事”`` in quotes, in the title too;
     a count repeated is kept once, :func:`_dedupe_counts`: the one with 实施/办好, then the
     title's or the decided one, then a heading's), action + quantity + measure word +
     object before or after the noun (``为45户残疾人家庭实施无障碍改造``, ``对辖区270余座
     化粪池进行清掏``, ``新增2-3个停车场``, ``约130棵``, ``改造30万平方米老旧小区``; two
     quantities in one phrase, ``8公里…和20公里…``; a count of places before the quantity,
     ``7个乡镇1000公里管网``, is where, not how much), per-project planned investment
     (``年度计划投资300万元``) also in a flattened table (:func:`_table_cells`), values in
     numbered item headings (``一、安装路灯1000盏。``, given once when the item's task
     below repeats it, :func:`_dedupe_headings`); a vote's attendance, candidates, quota
     and margin (``应选3项``, ``差额2项``, the 12 of ``12选10``) and ballots, beneficiaries
     (``惠及群众3万人``), rates of support (``每人补助1000元``), progress within the year
     (``截至目前…完成率达90%``), figures of last year or earlier terms named in the phrase
     (``在去年新建3个…的基础上``, ``上一届``, ``近年来``) and names with numerals (``六中``,
     ``二期``) are never targets. Pinyin a reposting site writes into the words
     (``實(shí)事``) is read past, and a half-width stop ends a sentence.
7. **Confidence.** ``high`` only for one value with a registered unit and a comparator the
   text writes (以上, 不少于, 超, 达到, 以内, 控制在, 左右, 增长…) in the plan part, in a
   sentence with no past marker and no year before the plan year; anything inferred (a count
   or rate without a comparator word, a split, a range, an amount read as a floor, a number
   before its noun, an unregistered unit, a slogan such as ``冲刺100亿元大关``, ranks, zero
   targets, directions, milestones) is ``medium`` or ``low`` with a note saying what to
   check. ``scripts/evaluate_extraction.py`` measures how often each level is right.

6. **Weights** follow the rule in ``docs/plan-format.md``: 确保 numeric 3, other numeric 2,
   milestone / direction / rank 2, qualitative 1.
8. **Every number accounted for** (:func:`_account_numbers`, :attr:`Draft.numbers`): every
   number of the text (digits, and Chinese numerals with a measure word, :func:`_number_tokens`)
   is exactly one of: read by a drafted entry, a figure of :attr:`Draft.reported`, or
   skipped with a reason (:func:`_skip_reason`: 年份, 届次, 会议人数, 总投资等项目属性 …),
   listed in the review list (:meth:`Draft.review_list`).

   A number only counts when the phrase ends right after it (a punctuation mark, 和/及, or
   the end of the clause): ``引进亿元以上项目5个`` gives 5 个, not 1 亿元, and ``八项规定``,
   ``2.0系统``, ``2022年底`` give nothing. Numbers inside “…” quotes are names, not targets.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cn2an
import pandas as pd
import yaml

from ._files import write_atomic
from ._validation import file_refusal
from ._xlsx import csv_safe
from .errors import ExtractError, Problem
from .kinds import numeric_kinds, target_phrase
from .labels import CONFIDENCE_LABELS as _CONFIDENCE_LABELS
from .labels import KIND_LABELS, UNSURE_NUMBER
from .outcomes import FILE_MARK, HEADERS
from .plan import TARGET_COLUMNS
from .units import UnitRegistry, load_units

__all__ = [
    "DISPOSITIONS",
    "DRAFT_COLUMNS",
    "NUMBER_COLUMNS",
    "REPORTED_COLUMNS",
    "Draft",
    "compare_to_catalog",
    "extract_plan",
    "extract_to_file",
    "write_baseline",
    "write_units_file",
]

#: Columns of :attr:`Draft.targets` (the plan-file fields plus where the quote sits).
DRAFT_COLUMNS: tuple[str, ...] = (
    *(c for c in TARGET_COLUMNS if c != "section_name"),
    "start",
    "end",
)

#: Columns of :attr:`Draft.reported` (last year's figures in a work report's review).
REPORTED_COLUMNS: tuple[str, ...] = (
    "indicator",
    "period",
    "value",
    "unit",
    "kind",
    "source_text",
    "start",
    "end",
    "target_id",
)


def _empty_reported() -> pd.DataFrame:
    return pd.DataFrame(columns=list(REPORTED_COLUMNS))


#: Numeric kinds, from the kinds registry (``growth``, a growth rate in %, among them).
NUMERIC_KINDS = numeric_kinds()

# --------------------------------------------------------------------------------------
# patterns

_CN_DIGITS = "一二两三四五六七八九十"
_CN_NUM = f"[{_CN_DIGITS}][{_CN_DIGITS}百千零〇]*"
#: A bare number, arabic (``1.8``, ``300``) or Chinese (``三``, ``二十``, ``两百``).
_NUM_RAW = rf"\d{{1,3}}(?:,\d{{3}})+(?![\d,])(?:\.\d+)?|\d+(?:\.\d+)?|{_CN_NUM}"
#: The qualifier right after a value.
_QUAL = r"(?P<qual>及以上|以上|左右|以内|以下)?"
#: The phrase must end right after the value (else the number qualifies a noun:
#: ``亿元以上项目`` or is part of a name: ``八项规定``).
_END = (
    r"(?=$|[、,，;；。：:！？()（）”\s·●]|\.(?![\d.])|和|及|与|并|的?目标|的?任务|"
    r"新?(?:大关|台阶|关口))"
)
#: A value can't continue a number, a Latin word (``PM2.5``, ``H7N9``) or follow 第
#: (ordinal); after an acronym of three or more capitals it can (``GDP55.11亿元``).
_NOT_AFTER = (
    rf"(?<![\d.a-z第{_CN_DIGITS}百千])"
    r"(?<![^A-Z][A-Z])(?<![^A-Z][A-Z]{2})(?<!^[A-Z])(?<!^[A-Z]{2})"
)
#: A value with a unit, as :func:`_value_regex` builds it:
#:
#: - ``百分之八十`` / ``千分之八`` (``frac``, ``fnum``): a percentage written out;
#: - ``5-8个``, ``5～8个``, ``三至五家`` (``lo``, ``rsep``): a range, read as its lower bound;
#: - ``十余家``, ``10多个`` (``approx``): an approximate floor;
#: - ``1.5万平方米`` (``mult``): 万/亿 before a unit that has no 万 form.
_VALUE = (
    rf"(?:(?P<frac>百分之|千分之)(?P<fnum>{_NUM_RAW})"
    rf"|{_NOT_AFTER}(?:(?P<lo>{_NUM_RAW})\s*(?P<rsep>[-－—–~～至到])\s*)?"
    # 维修改造农村公路 29.5 公里: a digit set apart from its unit by one space
    rf"(?P<num>{_NUM_RAW})(?P<approx>余|多)?(?P<mult>[万亿]??)(?:(?<=\d) (?=\S))?"
    rf"(?P<unit>{{units}}))"
    rf"{_QUAL}{_END}"
)
#: A number followed by a word that is not a registered unit, at the end of a phrase
#: (``新增养老床位200栋``): reported, never silently dropped.
_RE_LOOSE_VALUE = re.compile(
    rf"{_NOT_AFTER}(?P<num>{_NUM_RAW})(?P<approx>余|多)?(?P<mult>万亿|万|亿)?"
    rf"(?P<word>[\u4e00-\u9fff]{{1,4}}?)(?P<qual>及以上|以上|左右|以内|以下)?{_END}"
)
#: Families proposed for units that ``data/units.yaml`` does not have (label, base unit).
_NEW_FAMILIES: dict[str, tuple[str, str]] = {
    "count": ("计数", "个"),
    "mass": ("质量", "吨"),
    "power": ("功率", "千瓦"),
    "energy": ("电量", "千瓦时"),
    "coal": ("能源消费量", "吨标准煤"),
    "volume": ("体积", "立方米"),
    "duration": ("时长", "小时"),
    "length": ("长度", "米"),
    "area": ("面积", "平方米"),
}
#: Units a plan may use that are not registered, with the family and factor proposed
#: for the plan folder's own ``units.yaml`` (1 unit = factor × the family's base unit).
_PROPOSED_UNITS: dict[str, tuple[str, float]] = {
    "吨": ("mass", 1.0),
    "千克": ("mass", 0.001),
    "公斤": ("mass", 0.001),
    "斤": ("mass", 0.0005),
    "担": ("mass", 0.05),
    "千瓦": ("power", 1.0),
    "兆瓦": ("power", 1000.0),
    "瓦": ("power", 0.001),
    "千瓦时": ("energy", 1.0),
    "度": ("energy", 1.0),
    "吨标准煤": ("coal", 1.0),
    "吨标煤": ("coal", 1.0),
    "立方米": ("volume", 1.0),
    "方": ("volume", 1.0),
    "小时": ("duration", 1.0),
    "学时": ("duration", 1.0),
    "课时": ("duration", 1.0),
    **dict.fromkeys(
        "根只头盏间支组块口部架艘宗篇轮队班门份双对箱趟册副片颗杆枚桩眼段堂首幅笔单种",
        ("count", 1.0),
    ),
    "万人": ("count", 1e4),
    "人次": ("count", 1.0),
    "户次": ("count", 1.0),
    "场次": ("count", 1.0),
    "台套": ("count", 1.0),
    "家次": ("count", 1.0),
    "车次": ("count", 1.0),
    "批次": ("count", 1.0),
    "棚": ("count", 1.0),
    "棒": ("count", 1.0),
    "架次": ("count", 1.0),
    "班次": ("count", 1.0),
    "个点": ("count", 1.0),
    "樘": ("count", 1.0),
    "扇": ("count", 1.0),
    "孔": ("count", 1.0),
    "桶": ("count", 1.0),
    "延米": ("length", 1.0),
    "平方": ("area", 1.0),
}
_MULTIPLIERS = {"万": 1e4, "亿": 1e8, "万亿": 1e12}
#: Words after a number that are never a unit of a target (dates, ordinals, names).
_NOT_UNITS = re.compile(
    r"^(年|月|日|号|季度|周|天|小时|期|届|代|级|星|类|版|化|大|新|好|中|上|下|点|岁|倍|成)$"
)
#: Nouns after a number that make a name, not a quantity: 2.0系统, 三大行动.
_RE_NOT_UNIT_NOUN = re.compile(
    r"^(系统|平台|模式|版本?|时代|工程|行动|战略|体系|机制|中心|大|"
    # names of schools and phases: 六中新校区, 三小, 二幼, 一期工程, 九年制学校
    r"中(?!心)|小(?!时|组|区)|幼|期|年制)"
)
#: Verbs that make a phrase a commitment (for reporting an unregistered unit).
_RE_COMMIT_VERB = re.compile(
    r"新增|新建|建成|建设|完成|培育|引进|招引|改造|整治|实现|达到|增加|打造|创建|开展|举办|"
    r"组织|提供|发放|种植|安装|配置|培训|招募|接待|确保|力争|争创"
)
#: Words before a value that set the comparator.
_RE_PRE_AT_LEAST = re.compile(
    r"(不低于|不少于|至少|突破|(?<!不)超过|(?<![不赶])超|达到|(?<![到下])达|冲刺)$"
)
#: Words before a percentage that make it a growth rate: 增长6%, 增速保持在6%以上.
_RE_GROWTH = re.compile(
    r"(?P<verb>增长|增速|增幅|增加|增收|增长率|比增|同比增|"
    # 均比去年提高10%以上: a rise on last year
    r"(?:比|较)(?:去年|上年|上一年度?)(?:提高|提升))(?:幅度|速度)?(?:同比|年均)?均?"
    r"(?:保持在|稳定在|保持|达到|达|为|在|实现|均|高于|不低于|超过|超|突破)?$"
)
#: Words before a percentage that make it a decline: 下降3%, 降低5%以上.
_RE_DECLINE = re.compile(r"(?P<verb>下降|降低|减少|压减|削减|减)(?:达到|达|为|均)?$")
_RE_PRE_AT_MOST = re.compile(r"(控制在|不超过|不高于|(?<!不)低于|小于|压减到|压减至|降到|降至)$")
#: Distribution words right before the value: 各1家, 均增长8%以上.
_RE_DIST = re.compile(
    r"(?P<dist>各|(?<![年人户亩])均)(?P<verb>增长|提高|提升|下降|达到|达|为|实现|新增)?"
    r"(?:不低于|不少于|超过|超|突破)?$"
)
#: 分别 before a list of values: 国家级、省级企业分别2家、5家 (values pair with nouns in order).
_RE_RESPECTIVELY = re.compile(
    r"分别(?:为|是|达到|达|增长|提高|提升|下降|新增|完成|培育|建成)?"
    r"(?:不少于|不低于|至少|超过|超|突破|控制在|不超过)?$"
)
#: What may join the values of a 分别 list: 2家、5家 / 2家和5家.
_RE_VALUE_JOIN = re.compile(r"\s*(?:、|和|及|与)\s*")
#: Scoping verbs (wording strength).
_RE_STRENGTH = re.compile(r"确保|(?<![全努])力争|争创")  # not 全力争取, 努力争取
#: Cumulative or multi-year wording: the target is not a one-year figure.
_RE_MULTIYEAR = re.compile(
    rf"累计|用\s*(\d+|[{_CN_DIGITS}])\s*年(时间)?|(?<!\d)(\d{{1,2}}|[{_CN_DIGITS}])年内|"
    r"20\d\d\s*[-—–至到]\s*20\d\d年|到\s*20\d\d\s*年|年均|今后[一二三四五六七八九十\d]+年|"
    r"[一二三四五六七八九十\d]+年来|"
    # “十四五”期间, 十四五末, 十四五规划确定的目标任务: the plan period, not one year
    r"十[一二三四五六七八九]五(?=”?\s*(?:期间|时期|期末|末(?!年)|内|以来|"
    r"规划(?:确定|提出|明确)?的?(?:目标|任务)))"
)
#: Explicit deadlines: 2022年底, 2022年6月底.
_RE_DEADLINE = re.compile(r"(?P<y>20\d\d)\s*年(?:\s*(?P<m>\d{1,2})\s*月)?(?P<end>底|末|内|前)?")
#: A year as titles write it: 2022年, 2023 年, 二〇二三年.
_RE_YEAR = re.compile(r"(?P<y>20\d\d|二[〇零○][〇零○一二三四五六七八九]{2})\s*年")
_CN_YEAR_DIGITS = str.maketrans("〇零○一二三四五六七八九", "000123456789")
#: Words that make a heading (or a title) announce the plan part: 2023年工作安排.
_PLAN_WORDS = (
    r"工作安排|工作要点|工作计划|工作思路|工作打算|工作目标|主要目标|预期目标|目标任务|"
    r"重点工作|工作任务|主要任务|工作举措|发展目标"
)
_NUMBERING = (
    r"(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]"
    r"|第[一二三四五六七八九十]+部分[,，:：、]?)"
)
#: A heading that opens the plan part: ``二、2023年工作安排``, ``2023年主要预期目标：``,
#: ``今年工作安排``; the rest of the line is empty or starts with punctuation.
_RE_PLAN_HEAD = re.compile(
    rf"^\s*{_NUMBERING}?\s*(?:(?P<y>20\d\d|二[〇零○][〇零○一二三四五六七八九]{{2}})\s*年度?|"
    rf"今年|新的一年|下一步|明年)的?"
    rf"(?P<what>[^。；;，,：:\s]{{0,10}}?(?:{_PLAN_WORDS}))(?P<tail>[^。；;，,：:]{{0,6}})"
    r"(?=\s*$|\s*[。：:，,；;])"
)
#: A heading that opens a review of the past year: ``一、2022年工作回顾``.
_RE_REVIEW_HEAD = re.compile(
    rf"^\s*{_NUMBERING}?\s*(?:(?P<y>20\d\d)\s*年度?)?的?"
    r"[^。；;，,：:\s]{0,10}?(工作回顾|工作总结|工作情况|主要成效|主要成绩|完成情况|回顾|"
    r"取得的成绩|工作成效|工作成绩|主要工作|过去的?一年|一年来|(?:上|去)一?年度?工作|"
    r"工作开展情况|开展情况|进展情况|"
    # 二、2024年工作亮点与成效 (a year named: not 推动乡村振兴取得新成效, a plan heading)
    r"(?(y)(?:亮点与|亮点和)?成效|(?!)))"
    r"[^。；;，,：:]{0,6}(?=\s*$|\s*[。：:，,；;])"
)
#: Sub-targets.
_RE_SUB = re.compile(r"^其中")
#: Zero targets: 清零, 零发生, 零事故.
_RE_ZERO = re.compile(
    r"“?清零”?|“?零(发生|事故|伤亡|死亡|新增|上访|发案|命案|欠薪|拖欠|反弹|违建|污染|感染)”?"
)
#: Ranks: 保持全市前列, 进入全市前三, 位居全区第一.
_RE_RANK = re.compile(
    r"(?P<verb>保持|进入|进|挺进|迈进|冲刺|稳居|稳定在|走在|位居|位列|名列|跻身|争创|争取|确保|"
    r"力争|居|争先|晋级)?"
    r"(?P<peers>(?:全国|全省|全市|全区|全县|中部|西部|东部|中国|[\u4e00-\u9fff]{2,3}?[省市区县])"
    r"[\u4e00-\u9fff]{0,6}?)?"
    rf"(?P<rank>前列|前茅|前(?P<n>\d+|[{_CN_DIGITS}]+)(名|位|强)?(?!季度|个月|年|批|期|天)"
    # 第二十三小学, 第二届: an ordinal in a name; a rank is 第三, 第3名, 第一方阵
    rf"|第(?P<n2>\d+|[{_CN_DIGITS}]+)(?:名|位|(?![\u4e00-\u9fff])|(?=方阵|梯队|阵营))"
    rf"|(?P<n3>\d+|[{_CN_DIGITS}百]+)强(?:县|市|区|镇|乡|街道)?|首位|进位)"
)
#: "Double" direction words: A和B“双下降”, A和B“双控双减”.
_RE_DOUBLE = re.compile(r"“?双(控双减|下降|减少|降低|减|增长|提升|提高)”?")
#: One direction: 提升…覆盖率, 压减…支出 (low confidence).
_RE_SINGLE_DIR = re.compile(
    r"(?P<verb>提升|提高|降低|压减|减少|下降)"
    r"(?P<obj>[^,，;；。、“”]{2,20}?(率|(?<!质)量|支出|比例|占比))$"
)
#: A direction with a size in percentage points: 纠错率下降2个百分点.
_RE_DIR_POINTS = re.compile(
    r"(?P<verb>下降|降低|减少|压减|提高|提升|增长|增加|上升)"
    rf"(?P<num>{_NUM_RAW})(?P<approx>余|多)?个?百分点(?P<qual>以上|左右)?"
)
#: A direction without a number: “三公”经费只减不增, 能耗只降不升.
_RE_DIR_ONLY = re.compile(r"只(?P<d>减|降)不(增|升)|只(?P<i>增|升)不(减|降)")
#: 争创 + a title to win (争创国家级卫生街道): a milestone that needs acceptance.
_RE_MILESTONE_TITLE = re.compile(
    r"^争创[^,，;；。]{2,25}?(街道|社区|村|镇|乡|单位|城市|城区|学校|园区|小区|站|中心|基地|"
    r"示范区|示范点|先行区|品牌|标杆|样板|典型|称号)$"
)
#: Milestones that complete something (创成 needs acceptance).
_RE_MILESTONE_DONE = re.compile(
    r"创成|建成(?!后)|成立(?!\s*\d+\s*周年)|投用(?!后)|投入使用(?!后)|竣工(?!后)|"
    r"完成(?!率).{0,20}任务|"
    r"通过.{0,15}(验收|评估|认定)"
    r"|^打造.{2,15}平台$"
)
#: Milestones that only need progress: 推进…新建工作, 推进…迁址改造项目.
_RE_MILESTONE_PROGRESS = re.compile(
    r"^(加快|全力|有序|统筹)?推进.{2,30}(新建|创建|迁址改造|迁建|改造)(工作|项目)$"
    r"|^加快建设.{2,20}(中心|平台|公园|场馆)$"
)
#: Closing part of a plan (the government's own conduct).
_RE_CLOSING = re.compile(r"^(为(实现|完成|确保)|总之|最后)")
_RE_SECTION = re.compile(r"^\s*(?P<code>[一二三四五六七八九十]+)[、.．]\s*")
_RE_SUBHEAD = re.compile(r"^\s*[（(](?P<code>[一二三四五六七八九十]+)[）)]\s*")
_RE_HEADER_KEY = re.compile(r"^\s*(?P<key>[\u4e00-\u9fff]{2,6})\s*[:：]\s*(?P<value>.*?)\s*$")
#: Leading words stripped from titles.
_RE_TITLE_LEAD = re.compile(r"^(其中[,，:：]?|确保|力争|争创|继续|进一步|全力|努力|促进|推动)+")
_RE_VERB_LEAD = re.compile(
    r"^(培育|引进|创建|建设|新增|完成|实现|打造|推进|培养|新建|改造|整治|招引)"
)
_RE_PLACE_HEAD = re.compile(r"^(国家级|国家|省级|市级|省|[\u4e00-\u9fff]{1,4}?[省市区县镇])")

_HEADER_FIELDS = {"索引号": "index_no", "发布机构": "issuer", "发布日期": "published"}
_ZERO_UNITS = (("家庭", "户"), ("户", "户"), ("企业", "家"), ("人员", "人"), ("事故", "起"))


# --------------------------------------------------------------------------------------
# result


@dataclass(frozen=True)
class Draft:
    """A drafted plan: metadata, sections and proposed targets, all awaiting review.

    Attributes
    ----------
    metadata : dict
        ``id, title, year, issuer, published, index_no, source, default_deadline``.
    sections : pandas.DataFrame
        ``section, code, name, title, start, end`` (character offsets in the text).
    targets : pandas.DataFrame
        One row per proposed target, columns :data:`DRAFT_COLUMNS`; ``start``/``end`` locate
        ``source_text`` in the plan text.
    text : str
        The plan text the draft was made from.
    warnings : tuple of str
        Chinese notes on what could not be read (e.g. no 发布机构 in the header).
    new_units : dict
        Units the targets use that ``data/units.yaml`` does not register (``吨``, ``万吨``,
        ``根``): unit → ``{family, factor, label, base}``, the proposal for the plan folder's
        own ``units.yaml`` (see :func:`write_units_file`).
    reported : pandas.DataFrame
        Figures the text reports for the year before the plan (a work report that reviews
        last year first), columns :data:`REPORTED_COLUMNS`; empty for a plain plan. See
        :func:`write_baseline`.
    numbers : pandas.DataFrame
        Every number written in the text, columns :data:`NUMBER_COLUMNS`: its span and
        text, ``disposition`` (``target``: read by a drafted entry, ``target_id`` names it;
        ``reported``: a figure of :attr:`reported`; ``skipped``: not drafted, ``reason``
        says why), and its sentence. Each number is counted once.

    Examples
    --------
    >>> from gutang_analysis import paths
    >>> text = (paths.EXAMPLE_SOURCE).read_text("utf-8")
    >>> draft = extract_plan(text, plan_id="gutang-2022")
    >>> draft.metadata["index_no"], draft.metadata["year"]
    ('11330282677650558X/2022-152845', 2022)
    >>> row = draft.targets.set_index("source_text").loc["整治“低散乱”50家以上"]
    >>> row["kind"], float(row["target_value"]), row["unit"], row["strength"]
    ('at_least', 50.0, '家', '力争')
    """

    metadata: dict[str, Any]
    sections: pd.DataFrame = field(repr=False)
    targets: pd.DataFrame = field(repr=False)
    text: str = field(repr=False)
    warnings: tuple[str, ...] = ()
    new_units: dict[str, dict[str, Any]] = field(default_factory=dict)
    reported: pd.DataFrame = field(default_factory=lambda: _empty_reported(), repr=False)
    numbers: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=list(NUMBER_COLUMNS)), repr=False
    )

    def to_dict(self) -> dict[str, Any]:
        """The draft as plan-file data (what :meth:`to_yaml` writes)."""
        meta = {k: self.metadata.get(k) for k in _META_KEYS}
        for key in ("published", "default_deadline"):
            if meta[key] is not None:
                meta[key] = dt.date.fromisoformat(str(meta[key]))
        sections = []
        for s in self.sections.itertuples(index=False):
            entry = {"id": s.section, "code": s.code, "name": s.name}
            if isinstance(s.title, str) and s.title:
                entry["title"] = s.title
            sections.append(entry)
        return {
            "format_version": 1,
            "plan": meta,
            "sections": sections,
            "targets": [_target_entry(row) for row in self.targets.to_dict("records")],
        }

    def to_yaml(self) -> str:
        """The draft as plan-file YAML, with a Chinese header asking for review."""
        body = yaml.safe_dump(
            self.to_dict(), allow_unicode=True, sort_keys=False, width=1000, indent=2
        )
        return self._header() + body

    def report(self) -> str:
        """A Chinese summary: what was found and what to review first.

        Examples
        --------
        >>> from gutang_analysis import paths
        >>> text = (paths.EXAMPLE_SOURCE).read_text("utf-8")
        >>> print(extract_plan(text).report().splitlines()[0])
        《古塘街道2022年工作安排》：识别出 6 个板块、37 项候选目标（数值类 19 项）。
        """
        t = self.targets
        n_num = int(t["kind"].isin(NUMERIC_KINDS).sum())
        title = self.metadata.get("title") or "计划原文"
        lines = [
            f"《{title}》：识别出 {len(self.sections)} 个板块、{len(t)} 项候选目标"
            f"（数值类 {n_num} 项）。"
        ]
        meta = self.metadata
        lines.append(
            f"元数据：索引号 {meta.get('index_no') or '未找到'}；"
            f"发布机构 {meta.get('issuer') or '未找到'}；"
            f"发布日期 {meta.get('published') or '未找到'}；"
            f"年度 {meta.get('year') or '未知（原文未写明，请用 --year 指定）'}。"
        )
        counts = t["kind"].value_counts()
        if len(t):
            lines.append(
                "按类型："
                + "，".join(
                    f"{label} {int(counts[k])}" for k, label in KIND_LABELS.items() if k in counts
                )
                + "。"
            )
            conf = t["confidence"].value_counts()
            lines.append(
                f"可信度：高 {int(conf.get('high', 0))}，中 {int(conf.get('medium', 0))}，"
                f"低 {int(conf.get('low', 0))}。"
            )
        elif any(w.startswith(_TOLD_ONLY) for w in self.warnings):
            lines.append(
                "没有起草目标：全文叙述已经做过的工作，其中的数字都列在复核清单“未作为目标的数字”中；"
                "如其中有本年的承诺，请对照原文手工编写目标。"
            )
        else:
            lines.append(
                "没有识别出候选目标：原文中没有“数字+计量单位”、清零、排名、里程碑或"
                "“确保/力争/争创”等写法，请对照原文手工编写目标。"
            )
        review = t[(t["confidence"] != "high") | t["notes"].notna()]
        if len(review):
            lines.append("请重点核对：")
            for row in review.itertuples(index=False):
                why = row.notes or "非数值承诺，请确认是否需要考核"
                level = _CONFIDENCE_LABELS.get(row.confidence, row.confidence)
                lines.append(f"  - {row.target_id}（可信度{level}）{row.source_text}：{why}")
        if self.new_units:
            shown = "、".join(
                f"{u}（{spec['label']}，1 {u} = {spec['factor']:g} {spec['base']}）"
                for u, spec in self.new_units.items()
            )
            lines.append(
                f"待登记的计量单位：{shown}；gutang-review new 新建计划文件夹时已写入 units.yaml"
                "（草稿，核对后使用）。"
            )
        if len(self.reported):
            matched = int(self.reported["target_id"].notna().sum())
            lines.append(
                f"回顾部分有上一年实绩 {len(self.reported)} 项（其中 {matched} 项对应到草稿目标），"
                "gutang-review new 新建计划文件夹时已写成基期数据草稿 "
                "outcomes/（上一年）-原文上年实绩.csv：它会被用作基期，报告中注明“尚未核对”，"
                "请逐行核对后删除文件开头含“尚未核对”的说明行。"
            )
        lines += [f"注意：{w}" for w in self.warnings]
        lines.append("草稿中每项都标有 draft: true，核对后删去该行；原文中未识别的承诺请手工补充。")
        return "\n".join(lines)

    def review_list(self) -> str:
        """The review list (复核清单) in Chinese: :meth:`report`, the year when it is
        unknown, and every number of the text that was not drafted, with its sentence and
        the reason (未作为目标的数字), so that no commitment is lost silently.

        Examples
        --------
        >>> d = extract_plan("某镇2024年民生实事\\n\\n41名人大代表票决产生。安装路灯1000盏。")
        >>> print(d.review_list().split("未作为目标的数字")[1].splitlines()[1])
          - 41名（会议人数）：41名人大代表票决产生。
        """
        lines = [self.report()]
        if self.metadata.get("year") is None:
            lines += [
                "",
                "【年度未知】原文中没有写明年度，plan.yaml 中的 year 暂为空：请用 "
                "gutang-review new 原文 --year 年度 重新起草（如 --year 2024），或在 plan.yaml 中"
                "填写 year 后再定稿；年度未填写时不能定稿。",
            ]
        n = self.numbers
        if n.empty:
            return "\n".join(lines)
        counts = n["disposition"].value_counts()
        lines += [
            "",
            f"原文中的数字共 {len(n)} 处：草稿条目 {int(counts.get('target', 0))} 处，"
            f"上年实绩 {int(counts.get('reported', 0))} 处，"
            f"未作为目标 {int(counts.get('skipped', 0))} 处（每处只计一次）。",
        ]
        skipped = n[n["disposition"] == "skipped"]
        if skipped.empty:
            return "\n".join(lines)
        lines.append(
            f"未作为目标的数字（{len(skipped)} 处，按原因列出；"
            "如其中有应考核的承诺，请补入 plan.yaml）："
        )
        order = [
            _SKIP_UNSURE,
            *sorted(
                set(skipped["reason"]) - {_SKIP_UNSURE, *_SKIP_TRIVIAL},
                key=lambda r: -int((skipped["reason"] == r).sum()),
            ),
        ]
        for reason in order:
            for r in skipped[skipped["reason"] == reason].itertuples(index=False):
                lines.append(f"  - {r.text}（{reason}）：{r.sentence}")
        for reason in _SKIP_TRIVIAL:
            part = skipped[skipped["reason"] == reason]
            if len(part):
                shown = "、".join(
                    f"{t}" + (f" ×{k}" if k > 1 else "")
                    for t, k in part["text"].value_counts(sort=False).items()
                )
                lines.append(f"  - {reason}（{len(part)} 处，不是目标）：{shown}")
        return "\n".join(lines)

    def _header(self) -> str:
        t = self.targets
        n_num = int(t["kind"].isin(NUMERIC_KINDS).sum())
        title = self.metadata.get("title") or "计划原文"
        return (
            f"# 计划文件草稿：由 gutang-review 从《{title}》自动提取，尚未核对。\n"
            "# 使用前必须逐条人工核对：\n"
            "#   1. 每项目标都标有 draft: true 和 confidence（high/medium/low）；"
            "核对无误后删去 draft 一行。\n"
            "#   2. 对照原文核对 kind、comparator、target_value、unit、strength，"
            "confidence 为 low 的尤其要看。\n"
            "#   3. 里程碑、同比方向、排名、定性条目只是候选，不需要考核的请删去；"
            "id 可改成有意义的名字。\n"
            "#   4. 原文中漏提的承诺请手工补充；source_text 必须逐字摘自原文（含标点）。\n"
            "#   5. 板块 name 按本单位口径填写；weight（权重）已按默认规则预填"
            "（确保的数值类 3，其他数值类 2，节点、同比方向、排名 2，定性 1），"
            "调整时在 notes 中说明。\n"
            f"# 共提取 {len(t)} 项：数值类 {n_num} 项，其他 {len(t) - n_num} 项。\n"
            + (
                "# 年度未知：原文中没有写明年度，plan.year 为空，"
                "请填写（如 year: 2024）后再定稿。\n"
                if self.metadata.get("year") is None
                else ""
            )
        )


_META_KEYS = (
    "id",
    "title",
    "year",
    "issuer",
    "published",
    "index_no",
    "source",
    "default_deadline",
)
_ENTRY_ORDER = (
    "id",
    *(c for c in TARGET_COLUMNS if c not in ("target_id", "section_name")),
)


def _target_entry(row: dict[str, Any]) -> dict[str, Any]:
    """One target as a plan-file entry: fields in a fixed order, empty optional ones left out."""
    row = {**row, "id": row["target_id"]}
    entry: dict[str, Any] = {}
    for key in _ENTRY_ORDER:
        value = row.get(key)
        if not isinstance(value, (list, tuple, dict)) and pd.isna(value):
            value = None
        if key == "strength":
            entry[key] = value  # always written: null is an answer too
            continue
        if value is None:
            continue
        if key == "annual" and value:
            continue  # the default
        if key in ("target_value", "weight", "baseline_year", "tolerance"):
            value = int(value) if float(value).is_integer() else float(value)
        elif key == "deadline":
            value = dt.date.fromisoformat(str(value)[:10])
        entry[key] = value
    return entry


# --------------------------------------------------------------------------------------
# public functions


def extract_plan(
    text: str,
    *,
    plan_id: str | None = None,
    year: int | None = None,
    source: str | None = None,
) -> Draft:
    """Draft a plan file from a plan text.

    Parameters
    ----------
    text : str
        The full plan text (header lines such as 索引号 / 发布机构 / 发布日期 are optional).
    plan_id : str, optional
        ASCII id of the plan; defaults to ``plan-<year>``.
    year : int, optional
        The plan year (2000–2100); defaults to the year the text writes (the title
        ``2022年工作安排``, a heading, ``2024年八项民生实事项目``, a document number, the
        publication date, any year written; see the module docstring), else unknown.
    source : str, optional
        Path of the text relative to where the YAML will be written (``plan.source``).

    Returns
    -------
    Draft
        ``.targets`` (one row per proposed target), ``.sections``, ``.reported``,
        ``.numbers`` (every number of the text and what became of it), ``.to_yaml()``,
        ``.report()``, ``.review_list()``.

    Raises
    ------
    ExtractError
        If the text is empty, the year is outside 2000–2100 or ``plan_id`` is not ASCII.
        A text that writes no year is drafted with ``metadata["year"]`` None (the review
        list asks for ``--year``); a text without programme headings is drafted as one
        section. No other exception escapes for any text.

    Examples
    --------
    >>> text = "古塘街道2022年工作安排\\n\\n一、经济。力争引进工程师20名以上、人才15名以上。"
    >>> t = extract_plan(text).targets
    >>> t[["source_text", "target_value", "unit", "strength"]].values.tolist()
    [['力争引进工程师20名以上', 20.0, '名', '力争'], ['人才15名以上', 15.0, '名', '力争']]
    """
    if year is not None:
        _check_year(year)
    if not isinstance(text, str) or not text.strip():
        raise ExtractError("计划原文为空，无法提取目标")
    text = text.lstrip("\ufeff")
    keep = _annotation_free(text)
    if keep is not None:
        # 實(shí)事, 鎮(zhèn): a reposting site's pinyin inside the words; drafted without it
        clean = "".join(text[i] for i in keep)
        draft = extract_plan(clean, plan_id=plan_id, year=year, source=source)
        return _with_offsets_of(draft, text, keep)
    original = text
    text, traditional = _to_simplified(text)
    meta, body_start, warnings = _parse_header(text)
    if traditional:
        warnings.append(
            "原文为繁体字：已转换为简体后提取，草稿中的标题为简体，source_text 仍逐字摘自繁体原文"
        )
    text_year = meta.pop("year", None)
    if text_year is not None and year is None:
        reviewed = _reviews_title_year(text, body_start, int(text_year), meta.get("title") or "")
        if reviewed:
            warnings.append(
                f"标题写的是 {text_year} 年，正文“{reviewed}”回顾的也是这一年、没有这一年的"
                f"安排：年度推断为其后一年 {int(text_year) + 1} 年，请核对"
            )
            text_year = int(text_year) + 1
    written_before = False  # dated late in the year before the plan year (see below)
    parts = _find_parts(text, body_start, year or text_year)
    if text_year is None and parts["year"] is not None:
        text_year = parts["year"]
    if text_year is None:
        text_year, how = _body_year(text, body_start)
        if text_year is not None:
            warnings.append(f"标题中没有年度，{how}，请核对")
    if text_year is None:
        text_year, how = _written_year(text, body_start)
        if text_year is not None:
            warnings.append(f"标题中没有年度，{how}，请核对")
    if text_year is None and meta.get("published"):
        text_year = int(meta["published"][:4])
        warnings.append(f"原文未写明年度，按发布日期取 {text_year} 年，请核对")
        bumped = _next_year_told(text, text_year, warnings)
        written_before, text_year = bumped != text_year, bumped
    if text_year is None:
        text_year, how = _any_year(text, body_start)
        if text_year is not None:
            warnings.append(f"原文没有写明计划年度，{how}，请核对")
            bumped = _next_year_told(text, text_year, warnings)
            written_before, text_year = bumped != text_year, bumped
    if year is None:
        year = text_year
        if year is not None and (parts["review"] is None or parts.get("review_head")):
            parts = _find_parts(text, body_start, year, written_before)
    elif text_year is not None and text_year != year:
        warnings.append(f"原文写的年度是 {text_year} 年，按指定的 {year} 年提取，请核对")
    year_known = year is not None
    if not year_known:
        # no year written anywhere: draft anyway with a stand-in year that no text names
        # (the year-dependent readings find nothing), then leave the year empty
        year = _UNKNOWN_YEAR
        warnings.append(
            "原文中没有写明年度：草稿的年度（year）暂为空，请用 --year 指定年度重新起草，"
            "或在 plan.yaml 中填写 year 后再定稿"
        )
        parts = _find_parts(text, body_start, year)
    if parts.get("review_summary"):
        a, b = parts["review"]
        warnings.append(
            "原文是计划年度前一年的工作总结，正文"
            + (f"到“{text[b : b + 20].strip()}”之前" if b < len(text) else "")
            + "按上一年工作的回顾处理：其中的数字未列为目标，列为上一年实绩（reported），可写成"
            "基期数据"
            + ("；原文其后没有本年度工作安排，草稿中可能没有目标" if b >= len(text) else "")
        )
    elif parts.get("review_head"):
        a, b = parts["review"]
        shown = text[a : text.find("\n", a) if "\n" in text[a:] else len(text)].strip()[:20]
        warnings.append(
            f"原文“{shown}”之下是上一年工作的回顾：其中的数字未列为目标，列为上一年实绩"
            "（reported），可写成基期数据"
            + ("；原文其后没有本年度工作安排，草稿中可能没有目标" if b >= len(text) else "")
        )
    elif parts["review"] is not None:
        warnings.append(
            f"原文先回顾上一年、再部署{f' {year} 年' if year_known else '本年度'}工作："
            f"只从“{parts['heading'] or '工作安排'}”"
            "之后的部分提取目标；回顾部分的数字列为上一年实绩（reported），可写成基期数据"
        )
    future = (
        _future_spans(
            text,
            *parts["review"],
            int(year),
            written_before or _written_last_year(text, body_start, int(year)),
        )
        if parts.get("review_head")
        else []
    )
    if future and year_known:
        # a sentence of the review that is itself about the plan year is drafted; the rest
        # of the review stays last year's (see below: parts["past"])
        a, b = parts["review"]
        kept = []
        at = a
        for f0, f1 in future:
            if f0 > at:
                kept.append((at, f0))
            at = f1
        if at < b:
            kept.append((at, b))
        parts["review"] = None
        parts["plan"] = (min(parts["plan"][0], a), max(parts["plan"][1], b))
        shown = "；".join(text[f0:f1].strip()[:20] + "…" for f0, f1 in future[:3])
        warnings.append(
            f"回顾部分中有 {len(future)} 句说的是 {year} 年的安排（{shown}）："
            "其中的数字已列为目标，请核对"
        )
    else:
        kept = []
        future = []
    sections, areas = _sections(text, parts, warnings)
    assert year is not None
    parts["past"] = _review_spans(
        text,
        *parts["plan"],
        int(year),
        written_before or _written_last_year(text, body_start, int(year)),
    )
    parts["progress"] = [
        (a, b)
        for a, b in _progress_spans(text, *parts["plan"], carry=parts["heading"] is None)
        + _part_year_parts(text, *parts["plan"])
        + _done_clauses(text, *parts["plan"])
        if not any(x <= a < y for x, y in parts["past"])
    ]
    # a flattened progress table: its task column holds the targets, the other columns
    # tell progress, measures and who is in charge
    task_cells, other_cells = _table_columns(text, body_start)
    if task_cells:
        parts["progress"] = _without(parts["progress"], task_cells) + other_cells
    head_text = text[:body_start]
    if (
        re.search(
            r"上半年|前三季度|[一二三1-3]季度|\d{1,2}\s*[-—–至到~～]\s*\d{1,2}\s*月", head_text
        )
        and "总结" in head_text
        and not re.search(rf"{_PLAN_WORDS}|安排|计划|方案|清单|目标", head_text)
        and parts["heading"] is None
    ):
        # 某街道1-9月工作总结: the whole text tells the year under way so far
        parts["progress"] = [parts["plan"]]
    if parts["progress"]:
        shown = "；".join(text[a:b].strip()[:20] + "…" for a, b in parts["progress"][:3])
        warnings.append(
            f"正文中有 {len(parts['progress'])} 段叙述年内进度或已完成的工作（{shown}）："
            "其中的数字是已经做到的实绩，未列为目标（本年项目数除外）；如判断有误，请手工补充"
        )
    if future:
        parts["past"] = sorted([s for s in parts["past"] if not a <= s[0] < b] + kept)
    if parts["past"]:
        shown = "；".join(text[a:b].strip()[:20] + "…" for a, b in parts["past"][:3])
        warnings.append(
            f"正文中有 {len(parts['past'])} 段回顾上一年的文字（{shown}）：其中的数字未列为目标，"
            "列为上一年实绩（reported）；如判断有误，请手工补充"
        )
    _check_year(year)
    if plan_id is not None and not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", plan_id):
        raise ExtractError(
            "计划编号不符合要求",
            [Problem(None, None, "plan_id", plan_id, "小写英文字母、数字和连字符，如 gutang-2022")],
        )
    issuer = meta.get("issuer")
    if not issuer:
        issuer = _guess_issuer(text[body_start:])
        if issuer:
            warnings.append(f"发布机构按正文中最常出现的地名推断为“{issuer}”，请核对")
        else:
            issuer = "（待补填）"
    title = meta.get("title")
    if not title or not re.search(r"[\u4e00-\u9fff]", title):
        shown_year = f"{year}年" if year_known else "（年度待定）"
        title = f"{issuer if issuer != '（待补填）' else ''}{shown_year}工作安排（标题待核对）"
        warnings.append(f"原文没有标题行，草稿标题暂写为“{title}”，请按原文修改")
    metadata = {
        "id": plan_id or (f"plan-{year}" if year_known else "plan-draft"),
        "title": title,
        "year": int(year) if year_known else None,
        "issuer": issuer,
        "published": meta.get("published"),
        "index_no": meta.get("index_no"),
        "source": source,
        "default_deadline": f"{year}-12-31" if year_known else None,
    }
    units = load_units()
    rows: list[dict[str, Any]] = []
    table_rows, table_reasons = _table_cells(text, body_start, units)
    task_rows, task_reasons = _task_rows(text, body_start, units)
    table_rows += [
        r
        for r in task_rows
        if not any(r["start"] < t["end"] and t["start"] < r["end"] for t in table_rows)
    ]
    for span, why in task_reasons.items():
        table_reasons.setdefault(span, why)
    for span in _candidate_parts(text, body_start):
        table_reasons.setdefault(span, "候选项目数")
    for sec in sections:
        found = _extract_section(
            text, sec, areas, int(year), units, warnings, parts["past"], parts["progress"]
        )
        found = [
            f
            for f in found
            if not any(
                a <= f["start"] < b and why in ("年内进度", "候选项目数")
                for (a, b), why in table_reasons.items()
            )
        ]  # a table's 进展情况 column: progress, not targets
        cells = [
            r
            for r in table_rows
            if sec["start"] <= r["start"] < sec["end"]
            and not any(f["start"] < r["end"] and r["start"] < f["end"] for f in found)
        ]
        for r in cells:
            r["section"] = sec["section"]
        found = sorted(found + cells, key=lambda r: (r["start"], r["end"]))
        for k, row in enumerate(found, 1):
            row["target_id"] = f"{sec['section']}-{k:02d}"
            row["weight"] = _default_weight(row["kind"], row["strength"])
        _link_ids(found)
        rows += found
    rows = _dedupe_headings(_dedupe(rows, text), text)
    title_text = meta.get("title")
    finished = _reports_done_only(text, body_start, title_text or "")
    if rows and (finished or _told_only(text, body_start, title_text or "")):
        # the drafting notes of the entries dropped go with them (计量单位“盏”未登记…)
        quoted = [r["source_text"] for r in rows]
        warnings[:] = [w for w in warnings if not any(f"“{q}”" in w for q in quoted)]
        why = "报告项目已经完成，没有写今后的安排" if finished else "没有编号条目、部署用语或票决"
        warnings.append(
            f"{_TOLD_ONLY}（{why}），其中的数字未列为目标，列在复核清单中；如判断有误，请手工补充"
        )
        rows = []
    if title_text and sections and not finished:
        # 武原街道2024年八项民生实事项目: a title naming the count of the year's projects
        # (kept when the body does not state it better: see _dedupe_counts); not in a
        # report of them finished (关于…十大民生工程完成情况的通报)
        at = text.rfind(title_text, 0, body_start)
        ctx = {
            "clause": title_text,
            "offset": at,
            "sentence_head": "",
            "section": sections[0]["section"],
            "area": None,
            "year": int(year),
        }
        for k, row in enumerate(_project_counts(ctx, []) if at >= 0 else []):
            row["target_id"] = f"{sections[0]['section']}-t{k + 1}"
            row["weight"] = _default_weight(row["kind"], row["strength"])
            row["_title"] = True
            rows.insert(0, row)
    rows = _dedupe_counts(rows, text)
    if not year_known:
        _forget_year(rows)
    targets = pd.DataFrame(rows, columns=list(DRAFT_COLUMNS))
    targets["target_value"] = targets["target_value"].astype("float64")
    targets["baseline_year"] = targets["baseline_year"].astype("Int64")
    for col in ("area", "strength", "unit", "group", "rank_peers", "notes", "deadline"):
        targets[col] = targets[col].astype(object).where(targets[col].notna(), None)
    section_frame = pd.DataFrame(
        sections, columns=["section", "code", "name", "title", "start", "end"]
    ).astype({"title": object})
    section_frame["title"] = section_frame["title"].where(section_frame["title"].notna(), None)
    new_units = _new_units(targets, units)
    reported, reported_vals = _reported(text, parts, int(year), units, targets)
    if not year_known:
        reported["period"] = None
    review = ([parts["review"]] if parts["review"] is not None else []) + parts["past"]
    numbers = _account_numbers(
        text,
        original,
        rows,
        reported,
        reported_vals,
        body_start,
        review,
        int(year),
        table_reasons,
        parts["progress"],
    )
    if traditional:
        # quotes come from the original text: the conversion keeps every offset
        for frame in (targets, reported):
            frame["source_text"] = [
                original[int(a) : int(b)] for a, b in zip(frame["start"], frame["end"], strict=True)
            ]
    return Draft(
        metadata, section_frame, targets, original, tuple(warnings), new_units, reported, numbers
    )


#: The stand-in plan year of a text that writes no year: every year a text may name is
#: this one or later, so no sentence reads as the past and no deadline as overdue.
_UNKNOWN_YEAR = 2000


def _forget_year(rows: list[dict[str, Any]]) -> None:
    """Drop the stand-in year from a draft whose year is unknown (baselines, notes)."""
    for row in rows:
        row["baseline_year"] = None
        if row.get("notes"):
            row["notes"] = (
                str(row["notes"])
                .replace(f"{_UNKNOWN_YEAR - 1}年", "上一年")
                .replace(f"{_UNKNOWN_YEAR}年", "计划年度")
            )


def _reported(
    text: str, parts: dict[str, Any], year: int, units: UnitRegistry, targets: pd.DataFrame
) -> tuple[pd.DataFrame, list[list[tuple[int, int]]]]:
    """Last year's figures in a work report's review part, matched to drafted targets,
    and the spans of the numbers each figure reads.

    Every value with a unit in the review (``实现地区生产总值85.6亿元，增长4.2%``) is a
    reported figure of ``year - 1``; it is matched to the drafted target that measures the
    same thing (growth with growth, amounts of one unit family, most characters of the
    indicator in common), else ``target_id`` is None.
    """
    spans = ([parts["review"]] if parts["review"] is not None else []) + parts.get("past", [])
    if not spans:
        return _empty_reported(), []
    found = []
    for start, end in spans:
        sec = {"section": "review", "start": start, "end": end}
        found += _extract_section(text, sec, [], year - 1, units, [])
    rows: list[dict[str, Any]] = []
    for r in found:
        if r["kind"] not in NUMERIC_KINDS or r["kind"] == "zero" or pd.isna(r["target_value"]):
            continue
        title = re.sub(r"^(预计|全年|今年|去年)+|(近|约|达|超|共计|合计)$", "", r["title"])
        indicator = _RE_GROWTH_WORDS.sub(
            "",
            re.sub(r"^(全[镇乡街区县市]|全街道|全年|今年|去年)?(共)?(实现|完成|新增)?", "", title),
        )
        if len(indicator) < 2 and rows and r["start"] - rows[-1]["end"] <= 2:
            indicator = rows[-1]["indicator"]  # 实现地区生产总值85.6亿元，增长4.2%
        rows.append(
            {
                "_vals": r.get("_vals", [(r["start"], r["end"])]),
                "indicator": indicator or r["title"],
                "period": str(year - 1),
                "value": float(r["target_value"]),
                "unit": r["unit"],
                "kind": "growth" if r["kind"] == "growth" else "level",
                "source_text": r["source_text"],
                "start": r["start"],
                "end": r["end"],
                "target_id": None,
            }
        )
    frame = pd.DataFrame(rows, columns=list(REPORTED_COLUMNS))
    used: set[str] = set()
    for i, r in frame.iterrows():
        best, best_score = None, 0.0
        for t in targets.to_dict("records"):
            if t["target_id"] in used or t["kind"] not in NUMERIC_KINDS:
                continue
            if (t["kind"] == "growth") != (r["kind"] == "growth"):
                continue
            if r["kind"] == "level" and not _same_family(units, t["unit"], r["unit"]):
                continue
            score = _similarity(r["indicator"], _RE_GROWTH_WORDS.sub("", t["title"]))
            if score > best_score:
                best, best_score = t["target_id"], score
        if best is not None and best_score >= 0.5:
            frame.at[i, "target_id"] = best
            used.add(best)
    frame["target_id"] = frame["target_id"].astype(object).where(frame["target_id"].notna(), None)
    return frame, [r["_vals"] for r in rows]


# --------------------------------------------------------------------------------------
# every number accounted for

#: Columns of :attr:`Draft.numbers`: one row per number written in the text.
NUMBER_COLUMNS: tuple[str, ...] = (
    "start",
    "end",
    "text",
    "disposition",
    "target_id",
    "reason",
    "sentence",
)
#: What became of a number: drafted (a target, milestone or candidate of the draft), kept
#: as last year's figure (:attr:`Draft.reported`), or not drafted, with a reason.
DISPOSITIONS: dict[str, str] = {
    "target": "草稿条目",
    "reported": "上年实绩",
    "skipped": "未作为目标",
}

_CN_NUMERAL = "零〇○一二两三四五六七八九十百千万亿"
#: Measure words that may follow a number: units, counts, dates and other words
#: (longest first when joined). A Chinese numeral only counts as a number with one of them.
_MEASURE_WORDS: tuple[str, ...] = (
    "个百分点",
    "百分点",
    "平方公里",
    "平方千米",
    "平方米",
    "立方米",
    "千瓦时",
    "吨标准煤",
    "吨标煤",
    "万美元",
    "亿美元",
    "美元",
    "万元",
    "亿元",
    "千元",
    "元",
    "公里",
    "千米",
    "公顷",
    "周岁",
    "周年",
    "季度",
    "工作日",
    "分钟",
    "小时",
    "个月",
    "年度",
    "台套",
    "人次",
    "户次",
    "场次",
    "家次",
    "车次",
    "栋位",
    "千瓦",
    "兆瓦",
    "公斤",
    "千克",
    "平米",
    "延米",
    *"樘扇孔桶眼头颗杆枚桩幅册副对双箱趟艘架门堂首份轮班%％‰个家项件名户人所座条处盏米亩间套台辆张批支场幢栋宗村根只块口部棵株床本吨元岁年月日号届次期天倍位区镇乡站园校类级星轮篇份单笔组队片段种",
)
_RE_MEASURE = "|".join(re.escape(w) for w in sorted(set(_MEASURE_WORDS), key=len, reverse=True))
#: A number as the accounting counts it: digits (``1000``, ``29.5``, ``２０２４``) with a
#: multiplier and a measure word when they follow (``1.8亿元``, ``1000盏``); a percentage
#: written out (``百分之八十``); a Chinese numeral with its measure word (``十件``,
#: ``两百张``, ``二〇二三年``) or after 第 (``第十六届``); the plan period ``十四五``.
_RE_NUMBER_TOKEN = re.compile(
    rf"(?P<frac>[百千]分之[{_CN_NUMERAL}]+(?:点[{_CN_NUMERAL}]+)?)"
    rf"|(?P<digits>\d{{1,3}}(?:,\d{{3}})+(?![\d,])(?:\.\d+)?|\d+(?:\.\d+)?)(?:(?P<dabout>余|多)(?={_RE_MEASURE}|万|亿))?(?P<dmult>万亿|万|亿)?(?P<dword>{_RE_MEASURE})?"
    rf"|(?P<plan>十[一二三四五六七八九]五)"
    rf"|(?P<ordinal>第[{_CN_NUMERAL}]+)(?P<oword>{_RE_MEASURE})?"
    rf"|(?P<cn>[{_CN_NUMERAL}]+)(?P<cabout>余|多)?(?P<cword>{_RE_MEASURE})"
    # 民生“十心”实事: a slogan naming how many projects
    rf"|(?<=“)(?P<slogan>[{_CN_NUMERAL}]+)(?=[\u4e00-\u9fff]{{1,2}}”\s*(?:民生)?(?:实事|项目|工程))"
    rf"|(?P<big>[{_CN_NUMERAL}]+大)(?=(?:重点)?(?:民生|实事)|惠民|项目|工程|行动|任务|产业|板块|片区)"
)
#: Set phrases whose numerals are no quantity: 进一步, 千家万户, 一张蓝图绘到底.
_RE_NUMERAL_IDIOM = re.compile(
    r"千家万户|千方百计|万无一失|一心一意|四面八方|一以贯之|一张蓝图|一年一度|一揽子|"
    r"一系列|一体化|一站式|一次性|一盘棋|一张网|一条龙|一把手|一批次|"
    r"三番五次|七上八下|五湖四海|五位一体|四位一体|三位一体|零部件|零距离|零容忍|零售"
)


def _number_tokens(text: str) -> list[tuple[int, int]]:
    """Spans of every number written in ``text``, in order, never overlapping.

    Examples
    --------
    >>> t = "安装太阳能路灯1000盏，实施十件民生实事，进一步提升质量，增长6.5%，一百余项业务"
    >>> [t[a:b] for a, b in _number_tokens(t)]
    ['1000盏', '十件', '6.5%', '一百余项']
    """
    out: list[tuple[int, int]] = []
    for m in _RE_NUMBER_TOKEN.finditer(text):
        if m["cn"] is not None:
            a = m.start()
            before = text[max(0, a - 1) : a]
            if before in ("进", "统", "唯", "同", "万", "划") and m["cn"][0] == "一":
                continue  # 进一步, 统一, 唯一, 同一: words, not numbers (not 走进八家户村)
            if m["cn"] in ("万", "亿", "零", "〇", "○"):
                continue
        out.append(m.span())
    return out


#: Reasons listed in one line each in the review list (never a commitment).
_SKIP_TRIVIAL = (
    "年份",
    "日期",
    "编号",
    "文号",
    "文件信息",
    "标题",
    "届次",
    "规划期名称",
    "成语",
)
#: The reason of a number no rule explains: listed first in the review list.
_SKIP_UNSURE = UNSURE_NUMBER


def _skip_reason(
    text: str,
    a: int,
    b: int,
    body_start: int,
    review: list[tuple[int, int]],
    year: int,
    progress: list[tuple[int, int]] = (),  # type: ignore[assignment]
) -> str:
    """Why the number ``text[a:b]`` is not a target of the plan year (a short Chinese label)."""
    token = text[a:b]
    line_start = text.rfind("\n", 0, a) + 1
    line_end = text.find("\n", b)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    before = text[line_start:a]
    after = text[b : b + 12]
    phrase_start = max((before.rfind(c) for c in "。；;，,、：:！？"), default=-1) + 1
    phrase = before[phrase_start:]
    if any(
        m.start() <= a < m.end()
        for m in _RE_NUMERAL_IDIOM.finditer(text, max(0, a - 4), min(len(text), b + 4))
    ):
        return "成语"  # 流入千家万户: a set phrase, no quantity
    if a < body_start:
        header = re.match(r"^\s*[\u4e00-\u9fff]{2,6}\s*[:：]", line)
        return "文件信息" if header else "标题"
    if re.search(r"[〔\[［【]\s*$", before) and re.match(r"\s*[〕\]］】]", after):
        return "文号"
    if re.search(r"[〕\]］】]\s*(第\s*)?$", before) and (
        re.match(r"\s*号", after) or token.endswith("号")
    ):
        return "文号"
    if re.fullmatch(r"(20\d\d|19\d\d|二[〇零○][〇零○一二三四五六七八九]{2})\s*年度?", token) or (
        re.fullmatch(r"20\d\d", token) and re.match(r"\s*[-—–至到~～年]", after)
    ):
        return "年份"
    if token.endswith("号") and re.match(r"(楼|院|线|地块|厂房|门|库|井|泵站|机组|路)", after):
        return "名称、型号"  # 1号楼至3号楼
    if (
        re.fullmatch(r"\d{1,2}", token) and re.match(r"[-—–~～至]\d{1,2}(村|组|栋|幢|号)", after)
    ) or (
        re.fullmatch(r"\d{1,2}(村|组|栋|幢|号)", token)
        and re.search(r"[\u4e00-\u9fff]\d{1,2}[-—–~～至]$", before)
    ):
        return "名称（编号）"  # 银都1-7村小区
    if re.search(r"(月|日|号|季度|上半年|下半年)$", token) or re.match(r"(月|日|号)", after):
        return "日期"
    if re.fullmatch(r"\d{1,4}", token) and (
        re.match(r"[-/.．]\d{1,2}(?!\d)", after) or re.search(r"\d[-/.．]$", before)
    ):
        return "日期"
    if re.fullmatch(r"\d{1,2}", token) and (
        re.match(r"[:：]\d{2}(?!\d)", after) or re.search(r"(?<!\d)\d{1,2}[:：]$", before)
    ):
        return "日期"  # 2023-02-24 09:45:53: the time of publication
    if re.search(r"(索引号|文号|编号)\s*[:：]\s*[\w\-/]*$", before):
        return "编号"  # 索引号:20230425-095005-528
    if re.fullmatch(r"20\d\d", token):
        return "年份"
    if not before.strip() and (
        re.match(r"\s*([、.．)）]|是)", after) or (line.strip() == token and len(token) <= 2)
    ):
        return "编号"
    if re.search(r"(附件|附表|序号)\s*[:：]?\s*$", before):
        return "编号"
    if re.search(r"[:：;；。.]\s*$", before) and re.match(r"[.．、)）](?!\d)", after):
        return "编号"  # 分别是:1.新建…;2.改造…
    if re.search(r"^\s*[（(]\s*$", before) and re.match(r"\s*[)）]", after):
        return "编号"
    if (
        re.search(r"[（(]\s*$", before)
        and re.match(r"\s*[)）]", after)
        and len(token) <= 2
        and not re.search(r"[项个件]$", token)
    ):
        return "编号"
    if re.search(r"由\s*$", before) and re.match(
        r"[^,，;；。]{0,6}(增加|提高|提升|扩大|增至|增长)到", after
    ):
        return "现有数量（起点）"  # 床位由40张增加到60张
    if re.search(r"(?:^|[,，;；。:：])\s*(为|对|给)[^,，;；。]{0,8}$", before) and re.search(
        r"\d+(?:\.\d+)?[万亿]?[\u4e00-\u9fff]{1,3}(?:以上)?$",
        re.split(r"[,，;；。]", text[b : b + 40])[0],
    ):
        return "实施范围（对象数）"  # 为全镇8所学校安装空调120台
    if re.search(r"(这|这些|上述|前述)\s*$", before) and re.search(r"[个项件大]$", token):
        return "指代上文的数量"  # 这8个项目分别是: the count said before
    if token.endswith(("岁", "周岁")) or re.match(r"\s*[-－—–~～至到]\s*\d+\s*周?岁", after):
        return "年龄"  # 80周岁, 0~6岁
    if token.endswith("周年"):
        return "周年"
    if re.fullmatch(rf"[{_CN_NUMERAL}\d]+(级|星)", token) and re.match(r"[\u4e00-\u9fff]", after):
        return "名称（等级、级别）"  # 三级联动, 二级医院, 五星级党组织
    if token.startswith("第") or re.search(r"第\s*$", before):
        if re.search(r"(届|次会议|次全体|次代表)", token + after[:4]):
            return "届次"
        return "序号、名次"
    if re.search(r"届$", token) or re.match(
        r"次?(会议|全体|全会|代表大会|党代会)",
        text[b - 1 : b + 6] if token.endswith("次") else after,
    ):
        return "届次"
    if re.fullmatch(r"十[一二三四五六七八九]五", token):
        return "规划期名称"
    if re.fullmatch(r"[一二三四五六七八九十]+期", token) or re.match(r"制", after):
        return "名称"  # 人民公园二期, 九年制学校
    if _in_quotes(line, a - line_start) or re.search(r"[“\"「]$", before):
        return "名称（引号内）"
    if re.match(r"[山河湖路街桥港湾峰](?!灯|面|段|网)", after) and not re.search(
        rf"(?:{_RE_MEASURE})$", token
    ):
        return "地名"  # 巢二路, 三支路 (not 478盏路灯)
    named = re.fullmatch(r"(\S+?)(村|组|社区|小区)", token)
    if named and _place_name(before, named[1], named[2], text[b : b + 4]):
        return "地名"  # 计划在江科大二村实施
    if re.match(r"(规定|原则|注意|禁止|不准|机制|行动|工程|战略|体系|模式|平台|一体)", after):
        return "名称"
    if re.match(
        r"(个)?(方面|主线|文章|大|领域|抓手|重点|关键|要求|环节|层面|维度|步骤)", after
    ) or (re.search(r"[”」]$", before)):
        return "工作概括（几个方面、几条主线）"
    if re.search(r"[两二三四五六七八九十]个?$", token) and re.match(
        r"(个)?(加快|率先|领先|走在前列|确立|维护)", after
    ):
        return "口号、提法"  # 突出两个加快, 全力决胜两个加快
    if (
        re.search(r"[A-Za-z]$", before)
        or re.match(r"[A-Za-z]", after)
        or re.match(r"\.0(?!\d)", token[-2:])
    ):
        return "名称、型号"
    if re.match(
        r"\s*(及以上|以上|以下)(?=的?[\u4e00-\u9fff])(?!(的)?(目标|任务))", after
    ) and not re.match(r"\s*(及以上|以上|以下)[,，;；。、]", after):
        return "门槛（限定语）"
    if re.match(r"(乡镇|镇|乡|村|社区|街道|小区|片区)[^\d,，;；。]{0,4}\d", after):
        return "总投资等项目属性"  # 塘南等7个乡镇1000公里管网: where the work is done
    if _RE_COUNT_THRESHOLD.search(phrase):
        return "门槛（限定语）"  # 实现20个村集体经济收入超过10万元
    if re.search(r"(规模|限额)$", before) or (
        re.search(r"(元|亩|平方米)$", token)
        and re.match(r"(级|规模)?(企业|项目|工业项目|产业项目|大项目|重点项目)", after)
    ):
        return "门槛（限定语）"
    if re.match(r"\s*其中", phrase) and re.search(
        r"(总投资|计划总投资|概算投资)[^。；;]{0,12}\d[^。；;]*$", before
    ):
        return "总投资等项目属性"  # 总投资1.2亿元,其中镇级财政投入3000万元
    if re.search(_RE_UNIT_PRICE, before):
        return "补助标准、单价"  # 鲜红椒每斤最低1.3元
    if re.search(r"元$", token) and _money_source(before):
        return "总投资等项目属性"  # 补助资金70万元: where the money comes from
    if re.search(r"[人名]$", token) and re.search(_RE_NAMED_PEOPLE, before):
        return "背景数字（点名的人数）"  # 种植能手杨杰等3人
    if _RE_FUNDING.search(text[max(text.rfind(c, 0, a) for c in "。！？\n") + 1 : a]):
        return "总投资等项目属性"  # 资金来源:上级补助300万元
    if _RE_DIMENSION.search(before) and re.search(r"(米|公里|千米)$", token):
        return "总投资等项目属性"  # 长1575米宽40米: the size of what is built
    if _RE_PROJECT_AREA.search(text[max(text.rfind(c, 0, a) for c in "。！？\n") + 1 : a]):
        return "总投资等项目属性"  # 项目区涉及…四个村6000余亩: where the project lies
    if _RE_ATTRIBUTE.search(phrase) or re.search(
        r"(总投资|总面积|占地|建筑面积|全长|总长|估算|概算)[^,，;；。]{0,6}$", phrase
    ):
        return "总投资等项目属性"
    if _candidates(phrase, after):
        return "候选项目数"
    if re.search(r"[件项个]$", token) and _narrowed_by_vote(text, a, b):
        return "候选项目数"  # 确定10件民生实事项目,会上…票决出7件: the shortlist
    if (
        re.search(r"[(（]\s*(共|计|合计)?\s*$", before)
        and re.match(r"\s*[)）]", after)
        and re.search(r"[项个件]$", token)
        and not re.search(
            r"(民生实事|实事项目|民生项目|民心工程|实事)\s*[(（]\s*(共|计|合计)?\s*$", before
        )
    ):
        return "分类项目数"  # 一、教育事业(2项)
    if (
        _RE_QUOTA.search(phrase)
        or re.match(r"\s*选\s*\d", after)
        or re.search(r"\d\s*选\s*$", before)
    ):
        return "应选数、差额数"
    if _RE_BREAKDOWN.search(phrase):
        return "任务分解数"
    if re.match(r"\s*票(赞成|反对|弃权|通过)", after):
        return "表决票数"  # 以52票赞成、0票反对
    if re.search(r"[张票%％]$", token) and (
        _RE_BALLOT.search(phrase) or re.match(r"[^,，;；。]{0,4}(选票|表决票|票)", after)
    ):
        return "表决票数"
    meeting = r"(人大代表|代表|委员|出席|列席|参加|参会|到会|与会|投票|票决|应到|实到|请假|缺席)"
    if (re.search(r"(名|人|位)$", token) or re.match(r"(余|多)(名|人|位)", after)) and (
        re.match(rf"[^,，;；。]{{0,8}}{meeting}", after)
        or re.search(rf"{meeting}[^,，;；。]{{0,6}}$", phrase)
    ):
        return "会议人数"
    if re.search(r"(名|人|位)$", token) and _RE_ELECTED.search(
        before[max((before.rfind(c) for c in "。；;，,！？"), default=-1) + 1 :]
    ):
        return "会议人数"  # 选举产生了镇人大副主席1名、镇长1名: officials elected
    if re.search(r"(名|人|位)$", token) and _RE_STAFFING.search(
        before[max((before.rfind(c) for c in "。；;，,！？"), default=-1) + 1 :]
    ):
        return "机构人员"  # 党政机关编制37名, 在编27人
    if _profile_fact(before):
        return "背景数字（概况）"  # 某镇距市区18公里, 辖区面积145.96平方公里
    if _RE_SIGNERS.search(text[b : b + 30]):
        return "签订责任书的人数"  # 12个居民区书记签订加梯项目责任书
    if _suggestions(text[max(text.rfind(c, 0, a) for c in "。！？\n") + 1 : a], token):
        return "会议意见建议数"  # 代表们…提出了…等方面建议12条
    segment = before[max(before.rfind(c) for c in "。；;，,") + 1 :]
    if (
        re.search(
            r"(惠及|受益|覆盖|服务(?![站点室所队中心设施])|涉及|帮扶|带动|保障|解决)[^,，;；。]{0,10}$",
            phrase,
        )
        or re.match(r"[^,，;；。]{0,4}(受益|得到实惠)", after)
        or _RE_BENEFICIARIES.search(segment)
    ):
        return "受益人数"
    if _RE_EXPECTED.search(text[max(text.rfind(c, 0, a) for c in "。！？\n") + 1 : a]):
        return "项目预期效益"  # 建成后,年可增加村集体收入15万元
    if (
        re.search(r"(分钟|小时|工作日|天|个月)$", token)
        or re.fullmatch(rf"[{_CN_NUMERAL}]+年", token)
        or re.match(r"\s*(个)?(工作日|分钟|小时)", after)
    ):
        return "时限"
    if any(x <= a < y for x, y in review) or _RE_PHRASE_PAST.search(segment):
        return "上年实绩"
    sentence_start = max(text.rfind(c, 0, a) for c in "。！？\n") + 1
    head = text[sentence_start:a]
    if (
        _RE_PROGRESS.search(head)
        or _RE_PROGRESS_NOW.search(head)
        or any(x <= a < y for x, y in progress)
        or (
            _RE_SHARE_DONE.search(head[max(head.rfind(c) for c in ",，;；:：") :] + token)
            and _RE_SENTENCE_DONE.search(head)
        )
    ):
        return "年内进度"
    if _tense(head + token + after, year) == "review" and not _RE_PLAN_TENSE.search(head):
        return "上年实绩"
    if _multiyear(head, year):
        return "多年目标"
    if re.search(r"(倍|百分点)$", token):
        return "幅度、倍数"
    if _RE_PER_HEAD.search(phrase):
        return "补助标准、单价"
    if re.match(r"^[一]\D", token) and not re.search(r"\d", token):
        return "泛指（一批、一个……）"
    if re.match(r"[^,，;；。]{0,6}(之一|左右的|以内的)", after):
        return "泛指（一批、一个……）"
    return _SKIP_UNSURE


def _account_numbers(
    text: str,
    original: str,
    rows: list[dict[str, Any]],
    reported: pd.DataFrame,
    reported_vals: list[list[tuple[int, int]]],
    body_start: int,
    review: list[tuple[int, int]],
    year: int,
    known: dict[tuple[int, int], str] | None = None,
    progress: list[tuple[int, int]] | None = None,
) -> pd.DataFrame:
    """One record per number in the text: what the draft did with it.

    A number a drafted entry reads (its value, or any number inside a non-numeric entry
    such as a milestone) is ``target``; one a figure of :attr:`Draft.reported` reads is
    ``reported``; any other is ``skipped`` with a reason (:func:`_skip_reason`).
    """
    claims: list[tuple[int, int, str, str]] = []
    for row in rows:
        for a, b in row.get("_vals") or [(row["start"], row["end"])]:
            claims.append((a, b, "target", row["target_id"]))
    for (_, r), spans in zip(reported.iterrows(), reported_vals, strict=True):
        for a, b in spans:
            claims.append((a, b, "reported", f"{r['indicator']}"))
    records: list[dict[str, Any]] = []
    for a, b in _number_tokens(text):
        hits = [c for c in claims if c[0] < b and a < c[1]]
        stop = re.compile(r"[。！？\n]").search(text, b)
        s_start = max(text.rfind(c, 0, a) for c in "。！？\n") + 1
        sentence = original[s_start : stop.end() if stop else len(text)].strip()
        target = [c for c in hits if c[2] == "target"]
        if target:
            ids = list(dict.fromkeys(c[3] for c in target))
            disposition, tid, reason = "target", "、".join(ids), None
        elif hits:
            disposition, tid, reason = "reported", None, None
        else:
            disposition, tid = "skipped", None
            reason = next(
                (why for (x, y), why in (known or {}).items() if x < b and a < y), None
            ) or _skip_reason(text, a, b, body_start, review, year, progress or [])
        records.append(
            {
                "start": a,
                "end": b,
                "text": original[a:b],
                "disposition": disposition,
                "target_id": tid,
                "reason": reason,
                "sentence": sentence[:120],
            }
        )
    return pd.DataFrame(records, columns=list(NUMBER_COLUMNS))


def _same_family(units: UnitRegistry, a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return False
    if a == b:
        return True
    return units.known(a) and units.known(b) and units.family(a) == units.family(b)


def _similarity(a: str, b: str) -> float:
    """Share of the shorter indicator's character pairs found in the other."""

    def pairs(s: str) -> set[str]:
        s = re.sub(r"[^\u4e00-\u9fffA-Za-z0-9]", "", s)
        return {s[i : i + 2] for i in range(len(s) - 1)} or {s}

    pa, pb = pairs(a), pairs(b)
    return len(pa & pb) / max(1, min(len(pa), len(pb)))


def _new_units(targets: pd.DataFrame, units: UnitRegistry) -> dict[str, dict[str, Any]]:
    """Units of the draft that the registry lacks, with the proposed family and factor."""
    out: dict[str, dict[str, Any]] = {}
    for unit in targets["unit"].dropna():
        if unit in out or units.known(unit):
            continue
        mult = next((m for m in ("万亿", "万", "亿") if unit.startswith(m)), None)
        proposed = _proposed_unit(unit[len(mult) :], mult) if mult else None
        proposed = proposed or _proposed_unit(unit, None)
        if proposed is None:
            continue
        _, family, factor = proposed
        label, base = _NEW_FAMILIES[family]
        if units.families.get(family):
            label, base = units.families[family]
        out[unit] = {"family": family, "factor": factor, "label": label, "base": base}
    return out


def _guess_issuer(body: str) -> str | None:
    """The place a text without 发布机构 speaks for: its most frequent place name
    (罗星街道, 郧阳区, 东石镇); None when no name occurs at least twice."""
    names: dict[str, int] = {}
    for m in re.finditer(
        r"[\u4e00-\u9fff]{2,4}?(?:街道|镇|乡|县|区)(?![\u4e00-\u9fff]{0,1}[级域内])", body
    ):
        if m.start() and body[m.start() - 1].isdigit():
            continue  # 2家社区综合为老服务中心: a count and its measure word, not a place
        name = re.sub(r"^(全|本|我|该|各|在|将|是|为|和|与|的|了|到|对)", "", m.group(0))
        if len(name) >= 3 and not re.match(
            r"^(社区|城区|园区|景区|街区|小区|片区|新区|开发区|乡镇)|(示范|试验|先行|功能|保护|集聚)区$",
            name,
        ):
            names[name] = names.get(name, 0) + 1
    if not names:
        return None
    best = max(names, key=lambda n: (names[n], len(n)))
    return best if names[best] >= 2 else None


def _dedupe(rows: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Drop a numeric target the text states again (a summary of goals, then the same goal
    in its programme): same kind, comparator, value and unit, and the same indicator, in
    another sentence (新建5个公厕,改造5个公厕 are two goals)."""
    kept: list[dict[str, Any]] = []
    for row in rows:
        twin = None
        if row["kind"] in NUMERIC_KINDS and row["group"] is None and not row.get("_count"):
            twin = next(
                (
                    k
                    for k in kept
                    if k["kind"] == row["kind"]
                    and k["comparator"] == row["comparator"]
                    and k["target_value"] == row["target_value"]
                    and k["unit"] == row["unit"]
                    and k["annual"] == row["annual"]  # 年均增长6% is not this year's 增长6%
                    and k["group"] is None
                    and not k.get("_count")
                    and re.search(r"[。！？\n]", text[k["end"] : row["start"]])
                    and _similarity(_indicator(k["title"]), _indicator(row["title"])) >= 0.8
                ),
                None,
            )
        if twin is None:
            kept.append(row)
            continue
        twin["_vals"] = [
            *twin.get("_vals", [(twin["start"], twin["end"])]),
            *row.get("_vals", [(row["start"], row["end"])]),
        ]
        twin["notes"] = "；".join(
            x
            for x in (twin["notes"], f"原文另一处重复写了该目标（{row['source_text']}），只列一次")
            if x
        )
    return kept


def _on_heading(text: str, row: dict[str, Any]) -> bool:
    """Whether a drafted row sits on a short heading line (三、新建300个公共充电桩项目)."""
    line_start = text.rfind("\n", 0, row["start"]) + 1
    line_end = text.find("\n", row["end"])
    line = text[line_start : line_end if line_end >= 0 else len(text)].strip()
    return len(line) <= 40 and not re.search(r"[。；;，,:：]", line)


def _dedupe_headings(rows: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Drop a value on an item's heading that the item's text states again just below it
    (三、新建300个公共充电桩项目 … 任务目标:…共完成300个公共充电桩建设): the text below says
    what is committed (its comparator, its wording); the heading's number is accounted to it."""
    dropped: set[int] = set()
    for h in rows:
        if h["kind"] not in ("exact", "at_least", "about") or h.get("_count"):
            continue  # quantities only: a rate or growth repeats by coincidence
        if h["group"] is not None or not _on_heading(text, h):
            continue
        body = next(
            (
                r
                for r in rows
                if r is not h
                and id(r) not in dropped
                and 0 <= r["start"] - h["end"] < 500
                and r["kind"] in ("exact", "at_least", "about")
                and r["target_value"] == h["target_value"]
                and r["unit"] == h["unit"]
                and not _on_heading(text, r)
            ),
            None,
        )
        if body is None:
            continue
        dropped.add(id(h))
        body["_vals"] = [
            *body.get("_vals", [(body["start"], body["end"])]),
            *h.get("_vals", [(h["start"], h["end"])]),
        ]
        note = f"标题行“{h['source_text']}”写了同一数字，只列一次"
        body["notes"] = "；".join(x for x in (body["notes"], note) if x)
    return [r for r in rows if id(r) not in dropped]


def _dedupe_counts(rows: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Keep one count of the year's projects when the text repeats it (票决产生了8项…,
    共实施民生实事项目8项; a heading 2025年度10件民生实事): the one with an implementing
    verb (实施, 办好), else the one on a heading line, else the first; the others' numbers
    are accounted to it."""

    def is_count(r: dict[str, Any]) -> bool:
        if r.get("_count"):
            return True
        if r["kind"] != "exact" or r["unit"] not in ("件", "项", "个") or r["group"]:
            return False
        stop = re.compile(r"[。！？\n]").search(text, r["end"])
        s_start = max(text.rfind(c, 0, r["start"]) for c in "。！？\n") + 1
        sentence = text[s_start : stop.start() if stop else len(text)]
        again = r"(?<![\d.])\d+[个项件]项目|[个项件]项目(?![\u4e00-\u9fff])"
        if re.search(again, r["source_text"]):
            return True  # 票决产生的10个项目涉及…: the projects counted again
        return bool(re.search(r"民生实事|实事项目|民生项目|民心工程", sentence)) and bool(
            re.search(r"项目|实事|[项件个]$", r["source_text"])
        )

    def rank(r: dict[str, Any]) -> int:
        if r.get("_progress"):
            return 4  # 截至目前,…票决出的“10件实事”: said again in a progress report
        at = (r.get("_vals") or [(r["start"], r["end"])])[0][0]
        head = text[text.rfind("\n", 0, at) + 1 : at]
        if head.count("《") > head.count("》") or (
            head.count("“") > head.count("”")
            and not re.search(r"“(20\d\d\s*年度?[^“”,，;；。]{0,8})?$", head)
        ):
            # 向大会作《关于2024年“六件民生实事”…的报告》, “办好8项民生实事项目,是…”:
            # a report's title or a quoted saying, not the sentence deciding the projects
            return 3
        if re.search(r"审查|審查|评议|評議|听取|聽取", r["source_text"]):
            # 审查了…2023年十项民生实事项目(建设完成情况的报告): last year's projects
            # assessed, not the ones decided (票决产生了2024年十项民生实事项目)
            return 3
        listed = re.search(rf"等\s*(\d+|[{_CN_DIGITS}]+)\s*[个项件]", r["source_text"])
        if listed and _number(listed.group(1)) == r["target_value"]:
            return 3  # 选出A、B、完成6个…建设等5个项目: the projects named again, listed
        if re.search(r"实施|办好|办成|完成|建成|抓好", r["source_text"]):
            return 0
        if re.search(r"确定|敲定|选出|产生|票决[了出]|20\d\d\s*年", r["source_text"]):
            # 最终确定…10项民生实事项目, 芷江西路街道2023年十大实事项目: the outcome, or
            # the count named with its year (in the title or the body, the first one)
            return 1
        if r.get("_title"):
            return 2  # the document's title, when the body does not state it better
        line_start = text.rfind("\n", 0, r["start"]) + 1
        line_end = text.find("\n", r["end"])
        line = text[line_start : line_end if line_end >= 0 else len(text)].strip()
        heading = len(line) <= 30 and not re.search(r"[。；;，,:：]", line)
        return 2 if heading else 3

    counts = [r for r in rows if is_count(r)]
    dropped: set[int] = set()
    for value in {r["target_value"] for r in counts}:
        same = [r for r in counts if r["target_value"] == value]
        if len(same) < 2:
            continue
        keep = min(same, key=lambda r: (rank(r), r["start"]))
        for r in same:
            if r is keep:
                continue
            dropped.add(id(r))
            keep["_vals"] = [*keep.get("_vals", []), *r.get("_vals", [(r["start"], r["end"])])]
        others = "、".join(r["source_text"] for r in same if r is not keep)
        note = f"原文另有 {len(same) - 1} 处写了同一项目数（{others}），只列一次"
        keep["notes"] = "；".join(x for x in (keep["notes"], note) if x)
    # A、B、C、D等4个民生实事项目 after 票决了…5个…民生实事项目: the projects named again,
    # counted otherwise; one count of the year's projects is listed, the other noted
    left = [r for r in counts if id(r) not in dropped]
    for r in left:
        listed = re.search(rf"等\s*(\d+|[{_CN_DIGITS}]+)\s*[个项件]", r["source_text"])
        if not listed or _number(listed.group(1)) != r["target_value"]:
            continue  # 完成6个美丽乡村建设等5个项目: the 6 is a count of its own
        better = [
            k
            for k in left
            if k is not r
            and id(k) not in dropped
            and rank(k) < rank(r)
            # 票选出22个老旧小区改造项目、…整治等4个重点民生实事项目: the 22 is one of the
            # items the 4 lists, not the same count
            and not (
                k["end"] <= r["start"]
                and re.fullmatch(r"[^。；;！？\n]*、[^。；;！？\n]*", text[k["end"] : r["start"]])
            )
        ]
        if not better:
            continue
        keep = min(better, key=lambda k: (rank(k), k["start"]))
        dropped.add(id(r))
        keep["_vals"] = [*keep.get("_vals", []), *r.get("_vals", [(r["start"], r["end"])])]
        note = (
            f"原文另一处写作“{r['source_text']}”（{r['target_value']:g}{r['unit']}），"
            "与此处的项目数不一致，请核对"
        )
        keep["notes"] = "；".join(x for x in (keep["notes"], note) if x)
    kept = [r for r in rows if id(r) not in dropped]
    # 这8个项目分别是: the same count named again, accounted to it
    claimed = [span for r in kept for span in r.get("_vals") or [(r["start"], r["end"])]]
    for m in re.finditer(
        rf"(?:这|上述|以上|该|此)(?P<num>\d+|[{_CN_DIGITS}]+)(?P<unit>个|项|件)(?:民生)?项目", text
    ):
        a, b = m.start("num"), m.end("unit")
        if any(x < b and a < y for x, y in claimed):
            continue
        keep = next(
            (r for r in kept if is_count(r) and r["target_value"] == _number(m["num"])), None
        )
        if keep is not None:
            keep["_vals"] = [*keep.get("_vals", []), (a, b)]
            claimed.append((a, b))
    return kept


def _indicator(title: str) -> str:
    return re.sub(r"^(全年|今年|力争|确保|实现|完成)+", "", title)


def _check_year(year: object) -> None:
    """Refuse a plan year outside 2000–2100 (or not a whole number) with an ExtractError."""
    ok = isinstance(year, int) and not isinstance(year, bool) and 2000 <= year <= 2100
    if not ok:
        raise ExtractError(
            "计划年度不正确",
            [Problem(None, None, "年度", year, "2000 到 2100 之间的四位年份，如 2023")],
        )


def _default_weight(kind: str, strength: str | None) -> float:
    """The weight rule of docs/plan-format.md (第六节).

    确保 numeric 3, other numeric 2, milestone / direction / rank 2, qualitative 1.
    """
    if kind in NUMERIC_KINDS:
        return 3.0 if strength == "确保" else 2.0
    if kind in ("milestone", "direction", "rank"):
        return 2.0
    return 1.0


def extract_to_file(
    txt_path: str | os.PathLike[str],
    out_path: str | os.PathLike[str],
    *,
    plan_id: str | None = None,
    year: int | None = None,
) -> Draft:
    """Read a plan text, draft its catalog and write it as a plan file.

    ``plan.source`` in the written file is the text's path relative to the output file,
    so :func:`~gutang_analysis.plan.load_plan` finds it.

    Parameters
    ----------
    txt_path : path
        The plan text (UTF-8, with or without BOM; GB18030 is tried as well).
    out_path : path
        Where to write the draft YAML; parent folders are created.
    plan_id : str, optional
        ASCII id; defaults to the text file's name (``gutang-2022-work-plan``) made ASCII.
    year : int, optional
        Plan year (2000–2100), when the title does not say it; checked before the text is
        read.

    Returns
    -------
    Draft

    Raises
    ------
    ExtractError
        If the year is out of range, or the text cannot be read or drafted.

    Examples
    --------
    >>> import tempfile
    >>> from gutang_analysis import paths
    >>> out = Path(tempfile.mkdtemp()) / "draft.yaml"
    >>> d = extract_to_file(paths.EXAMPLE_SOURCE, out)
    >>> d.metadata["id"], out.read_text("utf-8").startswith("# 计划文件草稿")
    ('gutang-2022-work-plan', True)
    """
    if year is not None:
        _check_year(year)
    src = Path(txt_path)
    text = _read_text(src)
    out = Path(out_path)
    rel = os.path.relpath(src.resolve(), out.resolve().parent)
    if plan_id is None:
        stem = re.sub(r"[^a-z0-9]+", "-", src.stem.lower()).strip("-")
        plan_id = stem if re.fullmatch(r"[a-z0-9][a-z0-9_-]*", stem or "") else None
    draft = extract_plan(text, plan_id=plan_id, year=year, source=Path(rel).as_posix())

    write_atomic(out, draft.to_yaml(), what="计划草稿")
    return draft


def write_units_file(draft: Draft, path: str | os.PathLike[str]) -> Path | None:
    """Write the units the draft needs but ``data/units.yaml`` lacks, as a units file.

    The file has the format of ``data/units.yaml`` (``families`` and ``units``), holding
    only what the bundled registry lacks: the proposed units (:attr:`Draft.new_units`) and
    any new family with its base unit. Saved as ``units.yaml`` beside the plan file, it is
    the plan folder's own units file that :func:`~gutang_analysis.plan.load_plan` adds to
    the registry (``load_units(extra=...)``). Every proposal must be checked.

    Returns
    -------
    Path or None
        The file written; None (nothing written) when the draft needs no new unit.

    Examples
    --------
    >>> import tempfile
    >>> d = extract_plan("某镇2023年工作要点\\n\\n一、生态。削减化肥使用量200吨,压减燃煤2万吨。")
    >>> d.new_units["吨"]["family"]
    'mass'
    >>> out = write_units_file(d, Path(tempfile.mkdtemp()) / "units.yaml")
    >>> from gutang_analysis.units import load_units
    >>> load_units(extra=out).convert(2, "万吨", "吨")
    20000.0
    """
    if not draft.new_units:
        return None
    registry = load_units()
    families: dict[str, dict[str, str]] = {}
    units: dict[str, dict[str, Any]] = {}
    for unit, spec in draft.new_units.items():
        if spec["family"] not in registry.families:
            families[spec["family"]] = {"label": spec["label"], "base": spec["base"]}
        units[unit] = {"family": spec["family"], "factor": spec["factor"]}
    for family, spec in families.items():
        if spec["base"] not in units and not registry.known(spec["base"]):
            units[spec["base"]] = {"family": family, "factor": 1.0}
    title = draft.metadata.get("title") or "计划原文"
    header = (
        f"# 计量单位登记（计划文件夹专用）：由 gutang-review 从《{title}》的草稿生成，"
        "尚未核对。\n"
        "# 量纲（family）与换算系数（factor：1 个该单位 = factor 个基准单位）是建议值，"
        "请逐项核对后使用。\n"
    )
    body = yaml.safe_dump(
        {"format_version": 1, "families": families, "units": units},
        allow_unicode=True,
        sort_keys=False,
        width=1000,
    )
    out = Path(path)

    write_atomic(out, header + body, what="计量单位文件")
    return out


def write_baseline(draft: Draft, path: str | os.PathLike[str]) -> Path | None:
    """Write last year's figures from a work report's review as a baseline entry file.

    The CSV has the columns of the entry template (指标编号, 所属板块, …, 统计期, 完成值, …;
    see :data:`gutang_analysis.outcomes.HEADERS`), 统计期 the year before the plan, one
    row per reported figure matched to a drafted target (:attr:`Draft.reported`,
    ``target_id``). Figures that match no target are kept as ``#`` comment lines, which
    the loader skips. The file is marked as a draft to check; it is what
    :func:`~gutang_analysis.outcomes.load_baseline` reads once the draft plan is reviewed
    (keep the target ids, or change them in both files).

    Returns
    -------
    Path or None
        The file written; None (nothing written) when the text reports no figure.
    """

    rep = draft.reported
    if rep.empty:
        return None
    year = int(draft.metadata["year"]) - 1
    title = draft.metadata.get("title") or "计划原文"
    targets = draft.targets.set_index("target_id") if len(draft.targets) else None
    sections = dict(zip(draft.sections["section"], draft.sections["name"], strict=False))
    lines = [
        f"# 基期数据草稿：由 gutang-review 从《{title}》回顾部分的数字自动提取，尚未核对。",
        f"# 统计期为 {year} 年；每行的完成值摘自原文（见“证明材料或数据来源”），"
        "请核对口径、单位与对应的指标后使用。以 # 开头的行导入时跳过。",
        "# " + FILE_MARK.format(plan_id=draft.metadata.get("id"), period=year),
    ]
    columns = list(HEADERS)
    records: list[dict[str, Any]] = []
    unmatched: list[str] = []
    for r in rep.to_dict("records"):
        shown = f"{r['value']:g}{r['unit'] or ''}"
        if r["target_id"] is None or targets is None or r["target_id"] not in targets.index:
            unmatched.append(
                f"# 未对应草稿中的目标：{r['indicator']} {shown}（原文：{r['source_text']}）"
            )
            continue
        t = targets.loc[r["target_id"]]
        records.append(
            {
                "target_id": r["target_id"],
                "section_name": sections.get(t["section"]),
                "title": t["title"],
                "source_text": t["source_text"],
                "target_value": target_phrase(dict(t)),
                "unit": t["unit"],
                "period": str(year),
                "actual": shown,
                "evidence": f"《{title}》回顾部分：{r['source_text']}",
            }
        )
    frame = pd.DataFrame(records, columns=columns).rename(columns=HEADERS)
    out = Path(path)
    import io

    fh = io.StringIO(newline="")
    fh.write("\n".join(lines) + "\n")
    # the plan's own words may start with = + - @: never a formula when opened in Excel
    frame.map(csv_safe).to_csv(fh, index=False, lineterminator="\n")
    if unmatched:
        fh.write("\n".join(unmatched) + "\n")
    write_atomic(out, fh.getvalue(), what="基期数据", encoding="utf-8-sig")
    return out


# --------------------------------------------------------------------------------------
# reading and segmenting


#: A plan text larger than this is refused before reading: a year's work plan is tens of
#: kilobytes; megabytes mean a wrong file (docs/extract.md says so).
MAX_TEXT_BYTES = 2 * 1024 * 1024


def _read_text(path: Path) -> str:

    refused = file_refusal(path, MAX_TEXT_BYTES)
    if refused:  # a pipe, a device, a folder or a huge file: never read, never hang
        raise ExtractError("无法读取计划原文", [Problem(str(path), None, None, *refused)])
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = (
            "文件不存在" if isinstance(exc, FileNotFoundError) else "文件无法打开（请检查权限）"
        )
        raise ExtractError(
            "无法读取计划原文",
            [Problem(str(path), None, None, reason, "存在且可读的文本文件（.txt）")],
        ) from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ExtractError(
        "无法读取计划原文",
        [Problem(str(path), None, "编码", None, "UTF-8 或 GB18030 编码的文本文件")],
    )


@functools.cache
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


#: Pinyin a reposting site writes after characters (鎮(zhèn), 實(shí)事, 方式?jīng): tone marks
#: tell it from a bracketed word of the text.
_PINYIN = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńň"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńň"
_RE_PINYIN_NOTE = re.compile(
    rf"(?<=[\u4e00-\u9fff])(?:\((?=[{_PINYIN}]*[{_TONED}])[{_PINYIN}]{{1,8}}\)"
    rf"|\?(?=[{_PINYIN}]*[{_TONED}])[{_PINYIN}]{{1,8}}(?![{_PINYIN}]))"
)


def _annotation_free(text: str) -> list[int] | None:
    """Offsets of the characters of ``text`` that are not a reposting site's pinyin, or
    None when it has none."""
    notes = [m.span() for m in _RE_PINYIN_NOTE.finditer(text)]
    if not notes:
        return None
    drop = {i for a, b in notes for i in range(a, b)}
    return [i for i in range(len(text)) if i not in drop]


def _with_offsets_of(draft: Draft, original: str, keep: list[int]) -> Draft:
    """The draft of the text without pinyin notes, located in the ``original`` text:
    every span maps back (a quote spans a note inside it), quotes are verbatim."""

    def where(frame: pd.DataFrame, quote: str | None) -> pd.DataFrame:
        frame = frame.copy()
        if frame.empty:
            return frame
        starts = [keep[int(a)] if int(a) < len(keep) else len(original) for a in frame["start"]]
        ends = [keep[int(b) - 1] + 1 if int(b) > 0 else 0 for b in frame["end"]]
        frame["start"], frame["end"] = starts, ends
        if quote is not None:
            frame[quote] = [original[a:b] for a, b in zip(starts, ends, strict=True)]
        return frame

    warning = "原文有转载网站加注的拼音（如“鎮(zhèn)”）：提取时已略去，摘录仍逐字取自原文"
    return Draft(
        draft.metadata,
        where(draft.sections, None),
        where(draft.targets, "source_text"),
        original,
        (*draft.warnings, warning),
        draft.new_units,
        where(draft.reported, "source_text"),
        where(draft.numbers, "text"),
    )


def _to_simplified(text: str) -> tuple[str, bool]:
    """The text in simplified characters, and whether it was traditional.

    A text is traditional when OpenCC's ``t2s`` changes at least 2 % of its Chinese
    characters (and at least 5 of them); a simplified text is returned as it is. The
    conversion keeps every character's offset (a line whose conversion changes its length is
    converted character by character), so spans found in the converted text locate the
    same words in the original: ``source_text`` stays verbatim.
    """
    cjk = len(re.findall(r"[\u4e00-\u9fff]", text))
    if not cjk:
        return text, False
    try:
        conv = _t2s()
        out = []
        for line in text.splitlines(keepends=True):
            done = conv.convert(line)
            if len(done) != len(line):
                done = "".join(c if len(d := conv.convert(c)) != 1 else d for c in line)
            out.append(done)
        converted = "".join(out)
    except Exception:  # an odd character (a lone surrogate) must not stop the draft
        return text, False
    if len(converted) != len(text):
        return text, False
    changed = sum(a != b for a, b in zip(text, converted, strict=True))
    if changed < max(5, 0.02 * cjk):
        return text, False
    return converted, True


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield (offset, line) for every line of ``text``."""
    pos = 0
    for line in text.splitlines(keepends=True):
        yield pos, line.rstrip("\r\n")
        pos += len(line)


def _parse_header(text: str) -> tuple[dict[str, Any], int, list[str]]:
    """Header fields, the offset where the body starts, and warnings."""
    meta: dict[str, Any] = {}
    warnings: list[str] = []
    pending: str | None = None
    body_start = 0
    title = None
    lines = list(_lines(text))
    for k, (pos, line) in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        cells = _pipe_cells(stripped)
        if cells is not None:
            # 索引号 | K16059504/2024-117342 | 发布机构 | 东柳街道 |: a flattened header table
            for key, value in zip(cells[::2], cells[1::2], strict=False):
                if value:
                    meta.setdefault(key, value)
            continue
        m = _RE_HEADER_KEY.match(line)
        if m and len(stripped) < 60:
            pending = None if m["value"] else m["key"]
            if m["value"]:
                meta[m["key"]] = m["value"]
            continue
        if pending is not None:
            meta[pending] = stripped
            pending = None
            continue
        shown = _title_like(stripped)
        if shown is not None and not _RE_SECTION.match(line) and not _RE_SUBHEAD.match(line):
            title = shown
            body_start = pos + len(line)
            if not _RE_YEAR.search(shown):
                # 政府信息公开 / 中大槐树街道2022年工作总结: a site's banner above the title
                for pos2, line2 in lines[k + 1 : k + 8]:
                    later = _title_like(line2.strip())
                    if re.search(r"[。；;,，]", line2) and later is None:
                        break
                    if later and _RE_YEAR.search(later) and _RE_TITLE_WORDS.search(later):
                        title = later
                        body_start = pos2 + len(line2)
                        break
        break
    if "发布日期" not in meta:
        # 某镇人代会票决… / 发布时间：2024-12-20: the date line under the title
        for _, line in [x for x in lines if x[0] >= body_start and x[1].strip()][:3]:
            dated = re.match(
                r"^\s*[\[【(（]?\s*(?:发布时间|发布日期|时间|日期|发文日期)\s*[:：]\s*"
                r"(20\d\d[-/.年]\d{1,2}[-/.月]\d{1,2})",
                line,
            )
            if dated:
                meta["发布日期"] = dated.group(1)
                break
    if "发布日期" not in meta:
        # the date of the 落款 under the issuer's name at the end: 2025年1月20日
        for _, line in [x for x in lines if x[1].strip()][-3:]:
            signed = re.fullmatch(r"\s*(20\d\d年\d{1,2}月\d{1,2}日)\s*", line)
            if signed:
                meta["发布日期"] = signed.group(1)
                break
    result: dict[str, Any] = {_HEADER_FIELDS[k]: v for k, v in meta.items() if k in _HEADER_FIELDS}
    if title is None and meta.get("标题"):
        title = _title_like(meta["标题"])  # | 标题:南漳镇人民政府2023年工作计划 |
    issued = re.search(
        r"印发[^《]{0,12}《(?P<doc>[^《》]{4,60})》[^《》]{0,12}的?通知", title or ""
    )
    if issued:
        # 关于印发《青山镇2025年工作安排》的通知: the plan is the document the notice issues
        title = issued["doc"]
    result["title"] = title
    if "published" in result:
        try:
            # 2024-12-20, 2024/12/20, 2025年1月20日 (a month or day of one digit too)
            y, m, d = (int(x) for x in re.findall(r"\d+", str(result["published"]))[:3])
            result["published"] = dt.date(y, m, d).isoformat()
        except ValueError:
            warnings.append(f"发布日期“{result['published']}”无法识别，已留空")
            result["published"] = None
    year_match = _title_year(title or "")
    if year_match and (title or "").rfind("《", 0, year_match.start()) > (title or "").rfind(
        "》", 0, year_match.start()
    ):
        # 解读《…2023年政府工作报告》: the year of a document the text is about; the
        # body says which year it plans
        year_match = None
    if year_match:
        result["year"] = int(year_match["y"].translate(_CN_YEAR_DIGITS))
        if (
            _RE_REVIEW_TITLE.match((title or "")[year_match.end() :])
            and not re.search(_PLAN_WORDS, title or "")
            and not _RE_PART_YEAR.search(title or "")
        ):
            # 中大槐树街道2022年工作总结 (published early next year): it reviews 2022 and
            # the work it leads to is the next year's
            result["year"] += 1
            warnings.append(
                f"标题“{title}”是 {result['year'] - 1} 年的工作总结，"
                f"计划年度按其后一年 {result['year']} 年起草，请核对"
            )
    place = re.match(r"^(.{2,20}?(?:街道办事处|人民政府|街道|镇|乡|县|区|市|开发区))", title or "")
    first = _RE_YEAR.search(title or "") if year_match else None
    if not result.get("issuer") and (
        (first and first.start() > 0) or (place and not _RE_YEAR.match(title or ""))
    ):
        if first and first.start() > 0:
            issuer = (title or "")[: first.start()].strip()
            # 张寨镇人大票决2022年…, 新河街道确定2025年…: the place, not the words after it
            issuer = re.sub(r"^.*[丨|｜】]", "", issuer).strip() or issuer  # 最新丨金凤区
            named = re.search(
                r"([\u4e00-\u9fff]{1,20}(?:街道办事处|人民政府|街道|镇|乡|县|区|市|开发区))",
                issuer,
            )
            issuer = named.group(1) if named else issuer
        else:
            assert place is not None
            issuer = place.group(1)
        result["issuer"] = issuer
        warnings.append(f"原文无“发布机构”，发布机构取自标题：{issuer}")
    for key, label in (("issuer", "发布机构"), ("index_no", "索引号"), ("published", "发布日期")):
        if not result.get(key):
            warnings.append(f"原文开头未找到{label}，请在草稿 plan 部分补填")
    if title is None:
        warnings.append("未找到标题行，请在草稿 plan.title 补填")
    return result, body_start, warnings


#: Words of a title line: 2022年工作总结, 2024年民生实事项目, 2023年政府工作报告.
_RE_TITLE_WORDS = re.compile(rf"{_PLAN_WORDS}|总结|报告|实事|项目|要点|规划|方案|清单|通知|意见")
#: A review title: 中大槐树街道2022年工作总结 (no plan year beside it).
_RE_REVIEW_TITLE = re.compile(r"^度?[^。；;，,]{0,8}?(工作总结|总结|工作回顾|回顾)")


def _pipe_cells(line: str) -> list[str] | None:
    """``索引号 | K1605/2024-117342 | 发布机构 | 东柳街道 |``: the cells of a flattened
    header table (pairs of a key and its value), else None."""
    if "|" not in line:
        return None
    cells = [c.strip() for c in line.split("|")]
    cells = [c for c in cells if c]
    keyed = [re.match(r"^([\u4e00-\u9fff]{2,6})\s*[:：]\s*(.*)$", c) for c in cells]
    if cells and all(keyed):
        # | 索引号:000014349/2022-83299 | 发文时间:2023-01-05 |: key and value in one cell
        cells = [x for m in keyed if m for x in (m.group(1), m.group(2) or "")]
        if not any(k in _HEADER_FIELDS or k in _HEADER_ALIASES or k == "标题" for k in cells[::2]):
            return None
        return [_HEADER_ALIASES.get(c, c) if i % 2 == 0 else c for i, c in enumerate(cells)]
    if len(cells) < 2 or not all(
        re.fullmatch(r"[\u4e00-\u9fff]{2,6}", key) for key in cells[::2][: len(cells) // 2]
    ):
        return None
    if not any(key in _HEADER_FIELDS or key in _HEADER_ALIASES for key in cells[::2]):
        return None
    return [_HEADER_ALIASES.get(c, c) if i % 2 == 0 else c for i, c in enumerate(cells)]


#: Header keys of government sites that name a field of ours another way.
_HEADER_ALIASES = {
    "生成日期": "发布日期",
    "成文日期": "发布日期",
    "公开日期": "发布日期",
    "发文时间": "发布日期",
    "发文机关": "发布机构",
}


def _title_like(line: str) -> str | None:
    """The title a line states, or None: short, no sentence punctuation; a trailing table
    bar is dropped and a title the page repeated on one line is read once."""
    line = line.strip().strip("|").strip()
    line = re.sub(r"^(?:标题|题目)\s*[:：]\s*", "", line)  # 标题:南漳镇人民政府2023年工作计划
    half = len(line) // 2
    if len(line) > 40 and line[:half].strip() == line[half:].strip():
        line = line[:half].strip()  # 虹桥镇2024年工作总结… 虹桥镇2024年工作总结…
    if not line or len(line) > 64 or re.search(r"[。；;,，]", line):
        return None
    return line


def _reviews_title_year(text: str, body_start: int, year: int, title: str) -> str | None:
    """The heading of a report on the title's year that only looks back on it: 金寨县青山镇
    2024年政府工作报告政策解读 under ``二、2024年工作亮点与成效``, with no heading that plans
    2024 (``三、2024年工作安排``) and nothing of the plan (今年, 将, 计划…) after it."""
    if not re.search(r"报告|解读|总结", title):
        return None
    head = None
    for _, line in _lines(text[body_start:]):
        m = _RE_REVIEW_HEAD.match(line)
        if m and m["y"] and int(m["y"]) == year:
            head = line.strip()
        if _RE_PLAN_HEAD.match(line):
            return None
    if head is None or re.search(
        r"今年|新的一年|明年|(?<![即必])将(?![近军来])|计划|力争", text[body_start:]
    ):
        return None
    return head


def _title_year(title: str) -> re.Match[str] | None:
    """The plan year of a title: the year before 工作安排/要点/… when it names two
    (``2022年工作总结和2023年工作思路``), else the latest year it names."""
    found = list(_RE_YEAR.finditer(title))
    if not found:
        return None
    planned = [m for m in found if re.match(rf".{{0,6}}?({_PLAN_WORDS})", title[m.end() :])]
    if planned:
        return planned[0]
    return max(found, key=lambda m: m["y"].translate(_CN_YEAR_DIGITS))


#: Words near a year that make it the year being planned: 2023年,街道将…; 部署2024年工作.
#: The cue never lies past another year (总结回顾2023年的工作和成果,明确2024年的主要目标:
#: the goal is 2024's); 2024年工作会 is the meeting that plans 2024.
_RE_PLAN_CUE_AFTER = re.compile(
    r"^(?:(?!20\d\d)[^。；;]){0,25}?"
    # (not 2020年…环境保护目标完成情况报告, 计划执行情况: a report on that year)
    r"(将|要(?!求)|预期|目标(?![^。；;,，]{0,4}完成情况)|计划(?!执行)|力争|确保|重点工作|"
    r"任务(?![^。；;,，]{0,4}完成情况)|工作安排|工作要点|之年|工作会|部署|方案|候选项目)"
)
_RE_PLAN_CUE_BEFORE = re.compile(
    r"(部署|谋划|研究|安排(?!情况)|提出|确定|建议|展望)[^。；;]{0,6}$|(力争|确保|争取|计划|抓好|做好)\s*$|"
    r"(表决|票决)(通过|产生|确定)?了?\s*$"
)
_RE_REVIEW_CUE_AFTER = re.compile(
    r"^[,，\s]*[^。；;]{0,20}?(实现|完成|达到|取得|累计|成功|荣获|获评|(?<!全)面对(?!标))"
)


def _body_year(text: str, body_start: int) -> tuple[int | None, str]:
    """The plan year from the body of a text without a dated title, and how it was found.

    A year with a planning word near it (``2023年,街道将…``, ``研究部署2024年重点工作``)
    wins; a year after 到/至 is a horizon (``到2025年``), not the plan year. Without such a
    year, a text that reports figures of a year (``2020年,…实现…``) plans the year after.
    """
    body = text[body_start:]
    planned: dict[int, int] = {}
    reviewed: list[int] = []
    review_head = re.search(
        r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）])?\s*"
        r"(20\d\d)\s*年度?(?:工作)?(?:回顾|总结)\s*$",
        body,
        re.M,
    )
    if review_head:
        # 一、2022年工作回顾 (and the plan part cut off or undated): the year after
        year = int(review_head.group(1)) + 1
        return year, f"正文有“{review_head.group(0).strip()}”，年度推断为其后一年 {year} 年"
    summed = _summary_opening(text, body_start)
    if summed is not None:
        # 2022年,…现将我街道今年工作总结报告如下: a year-end summary; the plan year is the next
        year = summed + 1
        return year, f"正文开头说明是 {summed} 年的工作总结，年度推断为其后一年 {year} 年"
    delivered = re.search(
        r"^[\s（(—–\-]*(20\d\d)\s*年\s*(\d{1,2})\s*月\s*\d{1,2}\s*日[^。\n]{0,40}$",
        body[:400],
        re.M,
    )
    if delivered and re.search(r"报告|会议|大会", text[:body_start] + delivered.group(0)):
        # 政府工作报告（2025年1月8日） / ——2025年1月10日在…人民代表大会…上: a report
        # is delivered in the year it plans; one delivered in November or December plans
        # the year after (——2021年12月11日在…人民代表大会…上: 2022)
        year = int(delivered.group(1)) + (int(delivered.group(2)) >= 11)
        shown = delivered.group(0).strip(" （()—–-\n")
        return year, f"报告日期为“{shown}”，年度取 {year} 年"
    for m in re.finditer(
        r"(?<![\d-])(20\d\d)\s*年(?!\s*[-—–至到]\s*20)(?!\s*\d{1,2}\s*月\s*\d{1,2}\s*日)", body
    ):
        y = int(m.group(1))
        if re.search(r"(到|(?<!截)至|—|-|–)\s*$", body[max(0, m.start() - 2) : m.start()]):
            continue
        after, before = body[m.end() : m.end() + 40], body[max(0, m.start() - 12) : m.start()]
        month = re.match(r"\s*(\d{1,2})\s*月", after)
        if re.search(r"截[至止]\s*$", before) and month:
            if int(month.group(1)) >= 4:
                # 截至2024年8月底,…播种面积…: the year under way
                planned[y] = planned.get(y, 0) + 1
            # 截止2025年2月,六件民生实事项目均已完成: the date of a report given early in the
            # next year, not the year of its work
            continue
        if re.match(r"(前|以前|底前)", after):
            continue  # 力争2020年前实现…全覆盖: a deadline, not the year planned
        cue = _RE_PLAN_CUE_AFTER.search(after)
        sentence = re.split(r"[。；;！？\n]", body[m.end() :], maxsplit=1)[0]
        if (
            cue
            and cue.group(1) in ("目标", "之年")
            and re.search(r"(实现|完成|取得|达到)[^。；;]{0,20}\d", sentence)
            and not re.search(r"将|要|力争|确保|计划|预期|争取", sentence)
        ):
            # 2020年,鸿山镇紧紧围绕…奋斗目标,…全年实现规模以上工业总产值242.7亿元: the
            # goal it pursued, in a sentence telling what it achieved
            reviewed.append(y)
            continue
        if re.match(r"\s*(是|,|，)", after) and re.match(
            r"[。！\s]*(一年来|这一年|过去的?一年)", body[m.end() + len(sentence) :][:12]
        ):
            # 2023年是…开局之年。一年来,…: the year the report looks back on
            reviewed.append(y)
            continue
        if re.search(r"(回顾|总结)了?\s*$", before):
            reviewed.append(y)  # 报告回顾了2023年工作: the year the report looks back on
            continue
        told = cue and after[: cue.end()]
        if told and (
            (cue.group(1) == "将" and re.search(r"(首次|已|曾|率先|先后)\s*将$", told))
            or (cue.group(1) == "计划" and re.search(r"(按照|依照|根据)[^。；;]*计划$", told))
        ):
            # 2019年,静安区首次将…列入民生实事; 2024年,…严格按照“1218”工作计划: a year told,
            # not planned
            reviewed.append(y)
            continue
        opening = max(body.rfind(c, 0, m.start()) for c in "。；;！？\n") + 1
        if (
            cue
            or _RE_PLAN_CUE_BEFORE.search(before)
            # 今年融水将…力争完成…,实现2024年全县有蔗面积8万亩: the year this year's plan reaches
            or re.search(r"今年[^。；;！？\n]{0,30}(将|力争|计划|确保)", body[opening : m.start()])
            # 2025年以来,街道累计完成30台: the year under way (2018年以来 in a text naming
            # 2023 is a history)
            or (
                re.match(r"\s*以来", after)
                and not any(int(x) > y for x in re.findall(r"(20\d\d)\s*年", body))
            )
            or _RE_PROGRESS.search(before)  # 截至目前,2024年…已完成8件: the year under way
            # 预计2021年11月份完成: a date the work is due by, in the year under way
            or (
                re.search(r"(预计|计划|力争|争取|确保)\s*$", before)
                and re.match(r"\s*\d{1,2}\s*月", after)
            )
        ):
            planned[y] = planned.get(y, 0) + 1
        elif _RE_REVIEW_CUE_AFTER.search(after):
            reviewed.append(y)
    if planned:
        year = max(planned, key=lambda y: (planned[y], y))
        return year, f"年度取自正文“{year}年”的部署"
    if reviewed:
        # 关于2024年“六件民生实事”项目进展情况的报告, given early in 2025: the report tells how
        # that year's projects went, and their year is the plan's
        report = re.search(
            # the text is the report itself (我受…委托,向大会作《…》), not one a meeting heard
            r"(?:向[^。；;\n]{0,6}(?:大会|会议)(?:作|报告)|受[^。；;\n]{0,12}委托)"
            r"(?:(?!工作报告)[^。；;\n]){0,16}?"
            r"(20\d\d)\s*年度?[^。；;《》\n]{0,16}?(民生实事|实事项目|项目)[^。；;《》\n]{0,8}?"
            r"(进展|完成|推进|实施|执行)情况",
            body,
        )
        if report and int(report.group(1)) == max(reviewed):
            year = int(report.group(1))
            return year, f"原文是关于 {year} 年项目{report.group(3)}情况的报告，年度取 {year} 年"
        year = max(reviewed) + 1
        return year, f"正文只写了 {year - 1} 年的实绩，年度推断为其后一年 {year} 年"
    return None, ""


_YEAR_NUM = r"(?P<y>20\d\d|二[〇零○][〇零○一二三四五六七八九]{2})"
#: A document number: 洋政发〔2024〕8号, 政办发[2023]12号 (the year it was issued).
_RE_DOC_NUMBER = re.compile(r"[〔\[［【(（]\s*(?P<y>20\d\d)\s*[〕\]］】)）]\s*第?\s*\d+\s*号")
#: A year naming the plan's own work: 2024年八项民生实事项目, 2025年度十件民生实事,
#: 2023年政府重点民生实事, 2024年工作.
_RE_YEAR_PHRASE = re.compile(
    # the words between hold no other year (城北镇国土空间总体规划(2021-2035年)》、4项城北镇
    # 2025年民生实事项目: the phrase is 2025's, not 2035's) and no title's end
    rf"{_YEAR_NUM}\s*年度?(?:(?!20\d\d)[^。；;，,：:！？\n《》]){{0,16}}?"
    r"(?:民生实事|实事项目|项目|工作|目标|任务|计划|实事|要点|安排)"
)


def _year_of(m: re.Match[str]) -> int:
    return int(m["y"].translate(_CN_YEAR_DIGITS))


def _horizon_or_comparison(text: str, m: re.Match[str]) -> bool:
    """``到2025年`` (a horizon), ``比2023年`` (a comparison), ``2021-2025年`` (a period)."""
    before = text[max(0, m.start() - 3) : m.start()]
    after = text[m.end() : m.end() + 6]
    return bool(
        re.search(r"(到|至|—|-|–|~|～|比|较|与|同)\s*$", before)
        or re.match(r"\s*[-—–至到~～]\s*20\d\d", after)
        or re.match(r"\s*(基础|水平|同期)", after)
    )


def _written_year(text: str, body_start: int) -> tuple[int | None, str]:
    """The plan year from a phrase naming the year's work or a document number.

    ``武原街道2024年八项民生实事项目``, ``县政府2025年度十件民生实事项目`` and
    ``土官镇2023年政府重点民生实事`` name the plan year wherever they stand; a document
    number ``洋政发〔2024〕8号`` gives the year it was issued.
    """
    found: dict[int, int] = {}
    for m in _RE_YEAR_PHRASE.finditer(text):
        if re.match(r"[^。；;\n]{0,12}?(评议|测评|满意度)", text[m.end() :]):
            continue  # 会议还对城北镇2024年票决实施的5项民生实事项目进行评议: last year's, assessed
        if not _horizon_or_comparison(text, m):
            found[_year_of(m)] = found.get(_year_of(m), 0) + 1
    if found:
        year = max(found, key=lambda y: (found[y], y))
        return year, f"年度取自原文“{year}年……”的写法"
    for doc in _RE_DOC_NUMBER.finditer(text):
        cited = text[max(0, doc.start() - 16) : doc.start()]
        if re.search(r"》\s*[(（]?[^()（）《》。；;\n]{0,12}$", cited):
            continue  # 根据《…的通知》(竹委办发〔2022〕2号)精神: a document cited, not this one
        return int(doc["y"]), f"年度取自文号“{doc.group(0)}”"
    return None, ""


def _next_year_told(text: str, year: int, warnings: list[str]) -> int:
    """The plan year of a text dated late in ``year`` that decides next year's work
    (``12月18日,…票决产生了明年的民生实事项目10件``): the year after."""
    ahead = re.search(
        r"(明年|新一年|新的一年|下一年度?|来年)的?[^。，,；;]{0,8}?(民生实事|实事项目|项目|工作|目标)",
        text,
    )
    late = re.search(
        rf"{year}\s*[年\-/.]\s*(1[0-2])\s*[月\-/.]|(?<![\d年])(1[0-2])\s*月\s*\d{{1,2}}\s*日", text
    )
    if ahead and late:
        warnings.append(
            f"原文写于 {year} 年年底、部署“{ahead.group(1)}”的工作："
            f"年度按 {year + 1} 年起草，请核对"
        )
        return year + 1
    return year


def _any_year(text: str, body_start: int) -> tuple[int | None, str]:
    """Any year the text writes, first the first paragraph's: the last resort before the
    year is unknown. Horizons (``到2025年``) and comparisons (``比2023年``) are not taken."""
    first_para = None
    for pos, line in _lines(text):
        if line.strip():
            if pos >= body_start or first_para is None:
                first_para = (pos, pos + len(line))
            if pos >= body_start:
                break
    spans = [first_para] if first_para else []
    spans.append((0, len(text)))
    for a, b in spans:
        years = [
            _year_of(m)
            for m in _RE_YEAR.finditer(text, a, b)
            if not _horizon_or_comparison(text, m) and 2000 <= _year_of(m) <= 2100
        ]
        if years:
            year = max(set(years), key=lambda y: (years.count(y), y))
            where = "第一段" if (a, b) == first_para else "正文"
            return year, f"按{where}中写的“{year}年”取年度"
    # a year written without 年 (奋进2024加快突破发展动员大会), never a count (2000万元, 2024户)
    bare = [
        int(m.group(1))
        for m in re.finditer(
            rf"(?<![\d.])(20[1-4]\d)(?![\d.]|\s*(?:{_RE_MEASURE}|[-—–~～至到]))", text
        )
        if not re.search(r"(到|至|比|较)\s*$", text[max(0, m.start() - 2) : m.start()])
    ]
    if bare:
        year = max(set(bare), key=lambda y: (bare.count(y), y))
        return year, f"按正文中写的“{year}”取年度"
    return None, ""


def _find_parts(
    text: str, body_start: int, year: int | None, written_before: bool = False
) -> dict[str, Any]:
    """Where the plan part of the text is, and the review of the past year if any.

    A work report (工作报告, 工作总结和工作思路) reviews last year first (``一、2022年工作回顾``)
    and plans this year after a heading such as ``二、2023年工作安排``. Only the part after
    that heading holds targets; the review holds last year's figures. Returns ``plan``
    (start, end), ``review`` ((start, end) or None), ``heading`` (the words of the plan
    heading, e.g. 主要预期目标, or None), ``heading_pos`` and ``year`` (the year the plan
    heading names, or None).
    """
    plan_heads: list[tuple[int, re.Match[str], str]] = []
    review_heads: list[int] = []
    # 某镇2024年工作总结和2025年工作计划: written in the year it reviews, so its 今年以来 and
    # 1-11月 are that year's, not the plan year's
    summary = _written_last_year(text, body_start, year)
    last_year = written_before or summary
    for pos, line in _lines(text):
        if pos < body_start or not line.strip():
            continue
        m = _RE_PLAN_HEAD.match(line)
        if m:
            plan_heads.append((pos, m, line))
        elif (
            _RE_REVIEW_HEAD.match(line)
            and len(line.strip()) <= 60
            and (last_year or not _RE_PART_YEAR.search(line))
        ):
            review_heads.append(pos)
        else:
            # a heading at the start of a paragraph: 2023年主要预期目标是：…
            m2 = re.match(
                r"^\s*(?P<y>20\d\d)\s*年(?:的)?(?P<what>主要预期目标|预期目标|主要目标|工作目标)",
                line,
            )
            if m2:
                plan_heads.append((pos, m2, line))

    def head_year(m: re.Match[str]) -> int | None:
        y = m.groupdict().get("y")
        return int(y.translate(_CN_YEAR_DIGITS)) if y else None

    chosen = None
    for pos, m, line in plan_heads:
        y = head_year(m)
        if year is None and y is not None:
            chosen = (pos, m, line)
            break
        if year is not None and (y == year or (y is None and review_heads)):
            chosen = (pos, m, line)
            break
    found_year = head_year(chosen[1]) if chosen else None
    result: dict[str, Any] = {
        "plan": (body_start, len(text)),
        "review": None,
        "heading": None,
        "heading_pos": None,
        "year": found_year,
    }
    if chosen is None:
        review = _review_part(text, body_start, year, review_heads, last_year)
        if review is None and summary:
            # 某镇2024年工作总结(和2025年工作计划) without a review heading: the body is the
            # summary up to the first paragraph that turns to the plan year
            assert year is not None
            turn = re.compile(
                rf"^\s*(?:{_NUMBERING})?\s*(?:{year}\s*年度?|明年|新的一年|下一步|下步|今后)"
                r"[^。]{0,30}?(将|要|计划|目标|重点|工作|安排|思路|打算)"
            )
            first_plan = next(
                (pos for pos, line in _lines(text) if pos >= body_start and turn.match(line)),
                len(text),
            )
            lead = len(text[body_start:first_plan]) - len(text[body_start:first_plan].lstrip())
            if first_plan > body_start and text[body_start:first_plan].strip():
                review = (body_start + lead, first_plan)
                result["review_summary"] = True
        if review is not None:
            start, end = review
            result["review"] = review
            result["review_head"] = True
            result["plan"] = (body_start, start) if end >= len(text) else (end, len(text))
            return result
        return _paragraph_parts(text, body_start, year, result)
    pos, m, line = chosen
    result["heading"] = re.sub(r"^(的|年度)", "", m["what"]).strip() or None
    result["heading_pos"] = pos
    before = [r for r in review_heads if r < pos]
    review_like = bool(before) or (
        found_year is not None
        and len(
            re.findall(rf"(^|\n)\s*{found_year - 1}\s*年|过去的?一年|一年来", text[body_start:pos])
        )
        >= 1
        and len(text[body_start:pos]) > 200
    )
    if review_like:
        start = before[0] if before else body_start
        result["review"] = (start, pos)
        result["plan"] = (pos, len(text))
    return result


#: A review of part of the plan year (上半年工作总结, 1-9月工作情况), not of the year before.
_RE_PART_YEAR = re.compile(
    r"上半年|下半年|前三季度|[一二三四1-4]季度|\d{1,2}\s*[-—–至到~～]\s*\d{1,2}\s*月|今年|本年"
)
#: A review heading that needs no year to be one: 工作回顾, 工作总结, 取得的成绩.
_RE_STRONG_REVIEW = re.compile(
    r"回顾|工作总结|取得的成绩|主要成效|主要成绩|工作成效|过去的?一年|一年来|"
    r"(?:工作|目标|任务)完成情况|"
    r"(?:上年|去年|上一年)(?:度)?(?:工作|主要工作)"
)
#: A heading line that opens a plan part without naming the year: 二、工作思路, 总体要求.
_RE_PLAN_HEAD_ANY = re.compile(
    rf"^\s*{_NUMBERING}?\s*[^。；;，,：:\s]{{0,12}}?(?:{_PLAN_WORDS}|总体要求|工作部署|"
    r"工作打算|主要措施)(?=\s*$|\s*[。：:，,；;])"
)


def _head_level(line: str) -> int:
    """How high a heading stands: 3 第一部分, 2 一、, 1 （一）, 0 an unnumbered line."""
    if re.match(r"^\s*第[一二三四五六七八九十]+部分", line):
        return 3
    if _RE_SECTION.match(line):
        return 2
    return 1 if _RE_SUBHEAD.match(line) else 0


#: An opening that says a summary of the year follows and nothing planned: 现将我街道今年
#: 工作总结报告如下, 现将一年来工作情况汇报如下 (not 现将2023年工作总结和2024年工作计划报告如下).
_RE_SUMMARY_OPENING = re.compile(
    r"(?:现将|现就|下面将?|特将)(?P<what>[^。；;\n]{0,30}?(?:总结|工作情况|完成情况))"
    r"(?:报告|汇报)?[^。；;\n]{0,4}?如下"
)


def _summary_opening(text: str, body_start: int) -> int | None:
    """The year a text sums up when its first paragraph names one year and says a summary
    of it follows (``2022年,东港街道…现将我街道今年工作总结报告如下``), else None: a year-end
    summary plans nothing, its figures are that year's results."""
    para = text[body_start:].lstrip()
    para = para[: para.find("\n")] if "\n" in para else para
    m = _RE_SUMMARY_OPENING.search(para)
    if m is None or re.search(rf"{_PLAN_WORDS}|明年|下一步", m["what"]):
        return None
    if re.search(r"上半年|下半年|前三季度|季度|\d{1,2}\s*[-—–至到~～]\s*\d{1,2}\s*月", para):
        return None  # 现将上半年工作情况汇报如下: part of the year under way, not its summary
    years = {int(y) for y in re.findall(r"(?<!\d)(20\d\d)\s*年", para[: m.start()])}
    return years.pop() if len(years) == 1 else None


def _written_last_year(text: str, body_start: int, year: int | None) -> bool:
    """Whether the title sums up the year before the plan year (``2024年工作总结和2025年
    工作计划``), or the first paragraph says a summary of that year follows: the text was
    written then, and its 今年 is that year."""
    if year is None:
        return False
    if _summary_opening(text, body_start) == year - 1:
        return True
    return bool(re.search(rf"{year - 1}\s*年度?[^。，,\n]{{0,10}}?总结", text[:body_start]))


def _review_part(
    text: str,
    body_start: int,
    year: int | None,
    review_heads: list[int],
    last_year: bool = False,
) -> tuple[int, int] | None:
    """The part under a review heading of a report that has no plan heading naming the
    year (an excerpt of 政府工作报告 that stops after ``一、2023年工作回顾``, or a plan part
    headed ``二、工作思路``), as (start, end), else None.

    The heading must name a past year (``2023年主要工作`` in a 2024 report) or say review by
    itself (回顾, 工作总结, 取得的成绩, 一年来). The part ends at the next heading of the same
    numbering (``二、``), at a plan heading (工作安排, 工作思路, 总体要求…) or at the end.
    """
    for pos in review_heads:
        line = text[pos : text.find("\n", pos) if "\n" in text[pos:] else len(text)]
        m = _RE_REVIEW_HEAD.match(line)
        if m is None:
            continue
        y = int(m["y"]) if m["y"] else None
        if y is not None and year is not None and y >= year:
            continue
        if y is None and not (
            _RE_STRONG_REVIEW.search(line) or (last_year and _RE_PART_YEAR.search(line))
        ):
            continue
        if re.search(r"[，,。；;]", line.strip().rstrip("：:")):
            continue  # a sentence (过去一年,全镇实现…), not a heading line
        level = _head_level(line)
        end = len(text)
        nested = False
        for at, other in _lines(text):
            if at <= pos or not other.strip():
                continue
            other_level = _head_level(other)
            plan = bool(_RE_PLAN_HEAD.match(other) or _RE_PLAN_HEAD_ANY.match(other))
            ordinal = re.match(r"\s*([一二三四五六七八九十]+)[、.．]", line)
            if (
                not plan
                and ordinal
                and re.match(rf"\s*{ordinal.group(1)}[、.．]", other)
                and other_level == level
            ):
                # 一、2023年工作回顾 … 一年来,我们主要做了以下工作: 一、提升城市品质: the
                # numbering starts again inside the review, which goes on to a plan heading
                # or a heading naming a year (二、2024年工作安排)
                nested = True
                continue
            if nested and not plan and not re.search(r"20\d\d\s*年", other):
                continue
            if (level and other_level >= level and not _RE_REVIEW_HEAD.match(other)) or (
                plan and (other_level >= level or other_level == 0)
            ):
                end = at
                break
        return (pos, end)
    return None


def _part_year_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Parts under a heading that sums up part of the plan year (``一、上半年工作总结``,
    ``1-9月工作情况``, ``今年以来工作开展情况``), as spans: work done in the year under way,
    progress, not targets. Each ends at the next heading of its level or a plan heading."""
    spans: list[tuple[int, int]] = []
    lines = [(p, line) for p, line in _lines(text) if start <= p < end and line.strip()]
    for k, (pos, line) in enumerate(lines):
        head = line.strip().rstrip("：:")
        if (
            len(head) > 30
            or re.search(r"[，,。；;]", head)
            or not _RE_PART_YEAR.search(head)
            or not re.search(r"总结|情况|回顾|成效|进展", head)
            or re.search(_PLAN_WORDS, head)
        ):
            continue
        level = _head_level(line)
        stop = end
        for at, other in lines[k + 1 :]:
            plan = bool(_RE_PLAN_HEAD.match(other) or _RE_PLAN_HEAD_ANY.match(other))
            if (level and _head_level(other) >= level) or plan:
                stop = at
                break
        spans.append((pos, stop))
    return spans


#: A sentence that speaks of the plan year by itself: 今年, 明年, 力争, 计划新建, 将继续.
_RE_FUTURE = re.compile(
    r"今年(?!以来|年初|上半年|前|\d)|明年|新的一年|下一步|力争|计划(?:在|于|到|将|新建|完成|实施|投资|投入|用)|"
    r"(?<![即必])将(?:在|于|继续|进一步|全面|加快|力争|新建|完成|实施|启动|建成|投资)"
)


def _future_spans(
    text: str, start: int, end: int, year: int, last_year: bool = False
) -> list[tuple[int, int]]:
    """Sentences of a review part that are explicitly about the plan year, as spans.

    ``2024年,我镇将新建农村公路10公里`` or ``今年力争…`` under ``一、2023年工作回顾``: a
    future cue (今年, 力争, 计划新建, 将继续…) or the plan year named (not in a comparison,
    see :func:`_tense`), and no past marker (已, 了, 累计, 过去一年, 去年…).
    """
    spans: list[tuple[int, int]] = []
    offset = start
    for sentence in re.split(r"(?<=[。！？!?\n])", text[start:end]):
        named = _tense(sentence, year) == "plan" and re.search(rf"{year}\s*年", sentence)
        # in a text written the year before, 今年 is the year reviewed
        cue = _RE_FUTURE.search(re.sub(r"今年", "", sentence) if last_year else sentence)
        if (
            sentence.strip()
            and (named or cue)
            and not _RE_PAST_TENSE.search(sentence)
            and not re.search(r"已|了|累计|预计完成", sentence)
        ):
            spans.append((offset, offset + len(sentence)))
        offset += len(sentence)
    return spans


def _paragraph_parts(
    text: str, body_start: int, year: int | None, result: dict[str, Any]
) -> dict[str, Any]:
    """A report without headings: paragraphs reviewing the past (过去五年…2020年,…实现…)
    before the first paragraph that sets this year's or the coming years' goals
    (今后五年,…主要目标是：…) are the review part."""
    if year is None:
        return result
    review_re = re.compile(
        rf"过去(的)?[一二三四五几\d]年|[一二三四五几\d]年来|回顾|"
        rf"{year - 1}\s*年[,，]?[^。]{{0,20}}?(实现|完成|达到|取得)"
    )
    plan_re = re.compile(
        rf"(今后[一二三四五六七八九十\d]*年|今年|新的一年|明年|{year}\s*年|下一步)"
        r"[^。]{0,40}?(主要目标|预期目标|目标任务|目标是|目标为|工作安排|重点工作|将)"
    )
    first_review = first_plan = None
    for pos, line in _lines(text):
        if pos < body_start or not line.strip():
            continue
        if first_plan is None and plan_re.search(line):
            first_plan = pos
            break
        if first_review is None and review_re.search(line):
            first_review = pos
    if (
        first_review is not None
        and first_plan is not None
        # a paragraph with figures before the review (a vote, a meeting) is not dropped:
        # its sentences are classed one by one (see _review_spans)
        and not re.search(r"\d|[一二两三四五六七八九十][件项个]", text[body_start:first_review])
    ):
        result["review"] = (first_review, first_plan)
        result["plan"] = (first_plan, len(text))
    return result


#: Words that place a sentence in the plan year: 今年, 2024年,…将, 力争, 预期目标.
_RE_PLAN_TENSE = re.compile(
    r"今年|新的一年|明年|下一步|(?<![即必])将(?![近军来])|力争|确保|争取|计划|(?<!超)预期|目标(?:是|为|:|：)|"
    r"重点指标|主要指标|主要目标"
)
#: Words that place a sentence in the past: 过去一年, 一年来, 预计完成, 完成了.
_RE_PAST_TENSE = re.compile(
    r"过去的?[一1]年|[一1]年来|(?<![比较])去年(?!同期|的?基础|的?水平)|预计(?:全年)?(?:完成|实现)|近(?:几|些)?年来|多年来|历年|往年|"
    r"上一?届|已(?:经)?(?:开展|实施|连续|坚持|举办)[^。；;，,]{0,4}[\d一二三四五六七八九十]+年|"
    r"(?<![比较与同和在])上一?年度?(?![同基水底])|过去的?[二三四五几\d]年|[二三四五几\d]年来|"
    r"(?:完成|实现|取得|实施|获得|达到|建成|突破|引进|招引|筹集|募集|筹措|捐赠|捐|拨付)了"
    r"(?=[^。；;，,]{0,16}?\d)"
)
#: A year in a comparison (比2023年, 较上年, 与2023年持平, 在2023年基础上), not a time.
_RE_YEAR_COMPARED = re.compile(r"(比|较|与|同|和|在|到|至|—|-|–|~|～)\s*$")


def _tense(sentence: str, year: int) -> str | None:
    """``plan`` or ``review`` when a sentence says which year it speaks of, else None.

    A sentence is a review when it names a past year (``2023年,…``, ``2023年以来``; not
    ``比2023年`` or ``在2023年基础上``) or a past marker (过去一年, 一年来, 去年, 预计完成,
    完成了) and nothing of the plan year; it is a plan when it names the plan year, 今年,
    新的一年, or a planning word (将, 力争, 确保, 计划, 预期目标); naming the plan year wins.
    """
    past = bool(_RE_PAST_TENSE.search(sentence))
    this_year = bool(re.search(r"今年|新的一年|明年", sentence))
    season = re.match(r"\s*(20\d\d)\s*[/／]\s*(20\d\d)\s*(榨季|年度|学年|产季)", sentence)
    if season and int(season.group(2)) <= year and not this_year:
        past = True  # 2023/2024榨季,产量共计38.5万吨: the season just ended
    for m in re.finditer(
        r"(?<![\d【\[〔(（])(20\d\d)(?=[\u4e00-\u9fff]{1,6}(?:任务|计划|工作))", sentence
    ):
        # 县绿化委下达了烟墩镇2022营造林任务: a year written without 年
        if int(m.group(1)) >= year:
            this_year = True
        else:
            past = True
    for m in re.finditer(r"(?<!\d)(20\d\d)\s*年(?!\s*[-—–至到~～]\s*20)", sentence):
        if _RE_YEAR_COMPARED.search(sentence[max(0, m.start() - 2) : m.start()]):
            continue
        if re.match(r"\s*\d{1,2}\s*月\s*\d{1,2}\s*日", sentence[m.end() : m.end() + 8]):
            continue  # 2024年12月18日,会议票决产生了…: the day of an event, not a year told
        if re.match(r"\s*(基础|水平|同期|底数|基数)", sentence[m.end() : m.end() + 4]):
            continue
        if re.match(r"[^。；;，,]{0,8}续建", sentence[m.end() :]):
            continue  # 完工2024年9个续建老旧小区改造项目: projects carried on, this year's work
        if re.match(r"[^。，,；;》]{0,10}?(报告|预算|决算|总结)", sentence[m.end() :]) or (
            sentence.rfind("《", 0, m.start()) > sentence.rfind("》", 0, m.start())
        ):
            continue  # 审议了《2022年政府工作报告》: the title of a document, not a time
        y = int(m.group(1))
        if y >= year:
            this_year = True
        else:
            past = True
    if this_year:
        return "plan"
    if past:
        return "review"
    return "plan" if _RE_PLAN_TENSE.search(sentence) else None


def _decided_of_year(sentence: str, year: int) -> int:
    """Where a clause says the projects of ``year`` were decided (``投票表决确定了62022年度
    政府民生实事项目``, ``票决产生2024年民生实事``): a meeting's decision on the plan
    year, even in a sentence that looks back; -1 when it does not."""
    m = re.search(
        rf"(票决|表决|确定|选定|产生)了?[^。；;，,]{{0,6}}?{year}\s*年度?[^。；;，,]{{0,8}}?"
        r"(民生实事|实事项目|民生项目|民心工程)",
        sentence,
    )
    return m.start() if m else -1


def _add_span(spans: list[tuple[int, int]], start: int, end: int) -> None:
    """Add the text from ``start`` to ``end`` to ``spans``, joined to the last span when it
    ends where this one starts."""
    if spans and spans[-1][1] == start:
        spans[-1] = (spans[-1][0], end)
    else:
        spans.append((start, end))


#: A label over a list of last year's results (成绩单, 主要成效, 工作亮点) in a meeting report.
_RE_RESULTS_LABEL = re.compile(
    r"^\s*(?:[\d一二三四五六七八九十]+[、.．])?\s*(?:年度|主要|工作)?(?:成绩单|成绩|成效|亮点|成果)\s*[:：]?\s*$"
)


def _review_spans(
    text: str, start: int, end: int, year: int, last_year: bool = False
) -> list[tuple[int, int]]:
    """Sentences of the plan part that report the past, as (start, end) spans.

    Reports of a meeting mix last year's figures with this year's goals without headings
    (``过去一年,横沥镇实现地区生产总值238.76亿元,增长5.5%。``). Each sentence is classed
    by :func:`_tense`; a sentence that says nothing of its year continues the one before
    (a paragraph listing last year's results after ``过去一年,…``), and a numbered heading
    (``一、`` / ``（一）`` / ``一是``) starts again in the plan.
    """
    spans: list[tuple[int, int]] = []
    state = "plan"
    results = False  # under a 成绩单 label: its bulleted items are the year's results
    for pos, line in _lines(text):
        if pos + len(line) <= start or pos >= end or not line.strip():
            continue
        if _RE_RESULTS_LABEL.match(line):
            results, state = True, "review"
        elif re.match(r"^\s*[^\d。；;，,:：]{2,15}\s*$", line):
            results = False  # another short heading ends the label
        if results and re.match(r"^\s*[●■◆•▪]", line):
            pass  # ●全年完成限额以上批发零售业销售额414.3亿元: one of the results
        elif re.match(rf"^\s*(?:{_NUMBERING}|[一二三四五六七八九十]+是|[☑✅▶►➤●■◆•▪])", line):
            state = "plan"  # a numbered heading or a bulleted item starts again
        elif (
            state == "review"
            and re.search(r"(重点|全力|加快|稳步|着力|积极)(推动|推进|实施|筹备|打造)", line)
            and not re.search(r"了|已|完成", line.split("。")[0])
        ):
            # a paragraph of a news item that goes on to the work ahead (重点推动…3个亿元项目
            # 投产达效, 稳步实施5700亩高标准农田建设): no longer last year's results
            state = "plan"
        offset = pos
        for sentence in re.split(r"(?<=[。！？!?])", line):
            # in a text written the year before (2024年工作总结和2025年工作计划), 今年 is
            # the year reviewed
            told = re.sub(r"今年", "去年", sentence) if last_year else sentence
            tense = _tense(told, year) if sentence.strip() else None
            decided = _decided_of_year(sentence, year)
            if decided >= 0:
                # 会议听取…;完成了2021年…测评;投票表决确定了62022年度政府民生实事项目: the
                # meeting's decision on the plan year's projects, after its look back; the
                # clauses before the decision keep their own tense
                cut = max(sentence.rfind(c, 0, decided) for c in "；;")
                before = _tense(told[: cut + 1], year) if cut >= 0 else None
                if (before or state) == "review" and cut >= 0 and offset >= start:
                    _add_span(spans, offset, offset + cut + 1)
                state = "plan"
                offset += len(sentence)
                continue
            state = tense or state
            if state == "review" and sentence.strip() and offset >= start:
                _add_span(spans, offset, offset + len(sentence))
            offset += len(sentence)
    return spans


#: Work done within the year, told as such: 1-9月, 目前均已完工, 顺利竣工, 已全部建成.
_RE_DONE = re.compile(
    # 1-9月, 1-12月份: the year to date (a range from January), not a plan's months
    r"(?<![\d.])1\s*[-—–至到~～]\s*\d{1,2}\s*月份?(?![\d底])"
    r"(?=\s*[,，]|[^。；;，,]{0,6}(?:累计|共|实现|完成了|同比))|"
    r"(目前|现已|均已|已全部|已经|现均已)[^。；;，,]{0,4}(完工|竣工|建成|投用|投入使用|完成|交付|落地)|"
    r"目前[^。；;，,]{0,6}已经?(新增|新建|改造|开通|安装|新辟|硬化|铺设|发放|培训|走访|帮扶|建成)|"
    # 已完成3公里 (not 对已建成的10个公园进行提升, 巩固已完成改造的…成果: what is there)
    r"(?<![未尚没])已经?(完成|完工|竣工|建成|投用|投入使用|开工|开通)(?![^。；;，,]{0,8}的)|"
    r"^\s*(今年)?(上半年|前三季度|一季度|第一季度|二季度)[,，]|"
    # (三)完成情况:12个…于2024年6月份全面完工: a report's 完成情况 label
    r"^\s*(?:[(（][一二三四五六七八九十\d]{1,2}[)）]|\d{1,2}[.、．])?\s*"
    r"(?:完成情况|进展情况|推进情况|实施情况|进度情况|实施进度)\s*[:：]|"
    r"顺利(竣工|完工|完成|建成)|已于\s*\d{1,2}\s*月[^。；;，,]{0,8}(完成|完工|竣工|建成|开通|投用|开工)|(已|已经|均已)完成[^。；;，,]{0,24}(任务|项目|建设|目标)"
)
#: A sentence telling what was decided (票决产生了…5项, 分别是:…): the year's projects.
_RE_DECIDED = re.compile(r"票决|表决|选出|选定|确定|审议通过|分别[是为]|包括[:：]")


def _told_done(sentence: str) -> bool:
    """Whether a sentence tells work done in the year under way. ``今年以来`` alone does not
    make a sentence that tells what was decided (``今年以来,某镇票决产生了…5项,分别是…``)
    progress: the decision is this year's plan."""
    for m in _RE_DONE.finditer(sentence):
        if re.match(r"[^。；;，,]{0,8}的", sentence[m.end() :]) and "月" not in m.group(0):
            continue  # 对已建成的10个公园进行提升: what is there, the work is still to do
        if m.group(0).startswith("顺利") and re.search(
            r"(推动|推进|确保|保障|保证|力争|争取|促进|要|将)[^。；;，,]{0,12}$",
            sentence[: m.start()],
        ):
            continue  # 推动项目顺利竣工: a goal
        if re.match(r"[^。；;，,]{0,10}?(议程|会议|大会|选举)", sentence[m.end() :]):
            continue  # 顺利完成了大会的各项议程: the meeting's business, not work done
        return True
    found = [m.group(0) for m in _RE_PROGRESS.finditer(sentence)]
    if not found:
        return False
    weak = all(re.fullmatch(r"(今年|年初|开年)以来", f) for f in found)
    return not (weak and _RE_DECIDED.search(sentence))


#: A plan cue of a sentence once progress words are set aside: 将, 力争, 计划, 下一步.
_RE_AHEAD = re.compile(
    r"下一步|明年|新的一年|(?<![即必])将(?![近军来])|力争|争取|确保|计划(?!投资\d)|预计\s*\d{1,2}\s*月|"
    r"预期|目标(?:是|为|:|：)|主要目标|年内|年底前|\d{4}\s*年底|"
    r"今年(?!以来|年初|上半年|1)"
)


def _progress_spans(text: str, start: int, end: int, carry: bool = True) -> list[tuple[int, int]]:
    """Sentences that tell work already done in the year under way, as (start, end) spans.

    A progress news item or a summary without a review heading (``今年以来,…确定…项目4个,
    目前均已完工。其中,完成…1229米``; ``1-12月份累计完成投资…``; ``截至目前,已…完成…``)
    reports figures, it sets none. A sentence with a progress word (:data:`_RE_PROGRESS`,
    :data:`_RE_DONE`) and no plan cue (将, 力争, 计划, 下一步) starts such a passage; the
    sentences after it in the same paragraph that go on telling work done (opening with
    其中, 此外, 累计… or saying 已, 了) continue it; a plan cue or a numbered heading
    (``一、``, ``一是``) ends it. Under a plan heading (``二、2025年工作安排``,
    ``carry`` False) only the sentences with a progress word are progress.
    """
    spans: list[tuple[int, int]] = []
    for pos, line in _lines(text):
        if pos + len(line) <= start or pos >= end or not line.strip():
            continue
        state = False
        offset = pos
        # sentences, and the cells of a table row (apart by tabs, 2+ spaces or |)
        for sentence in re.split(r"(?<=[。！？!?\t|｜])|(?<=\S\s\s)(?=\S)", line):
            numbered = re.match(rf"^\s*(?:{_NUMBERING}|[一二三四五六七八九十]+是)", sentence)
            done = _told_done(sentence)
            ahead = bool(_RE_AHEAD.search(_RE_PROGRESS.sub("", sentence)))
            if ahead or (numbered and not done) or (_RE_DECIDED.search(sentence) and not done):
                # 票决产生了2025年民生实事项目5项,分别是:…: what was decided is the plan
                state = False
            elif done:
                state = True
            elif not carry or not re.match(
                r"\s*(其中|此外|另外|同时|共|累计|合计|总计)|[^。！？]*(已|累计|[\u4e00-\u9fff](?<![为除])了(?!解))",
                sentence,
            ):
                # a sentence that goes on telling what was done: 其中,完成…; 累计…; …了
                state = False
            done_at = _RE_DONE.search(sentence) or _RE_PROGRESS.search(sentence)
            if state and done_at and _task_before(sentence, done_at.start()):
                # 2019年新增改厕任务2311户,其中1885户已于…完成: the task, then how far
                # it got; only the pieces from the first told done on are progress
                cut = max(sentence.rfind(c, 0, done_at.start()) for c in ",，") + 1
                if offset >= start:
                    _add_span(spans, offset + cut, offset + len(sentence))
                offset += len(sentence)
                continue
            if state and sentence.strip() and offset >= start:
                _add_span(spans, offset, offset + len(sentence))
            offset += len(sentence)
    return spans


def _task_before(sentence: str, pos: int) -> bool:
    """Whether a task handed down or planned with its figure comes before ``pos``
    (新增改厕任务2311户, 上级下达33852亩)."""
    # (not 超额完成任务的已有10项: tasks done)
    return bool(re.search(r"(?<!完成)(任务数?|下达)[^,，;；。\d已完]{0,8}\d", sentence[:pos]))


def _sections(
    text: str, parts: dict[str, Any], warnings: list[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Sections of the plan part: 一、 headings, else （一） headings, else the whole text.

    Text before the first heading that holds a value (``2023年主要预期目标：…增长6%``)
    becomes a section of its own; a preamble without one is not searched.
    """
    start, end = parts["plan"]
    sections, areas = _segment(text, start, end)
    if not sections:
        sections, areas = _segment(text, start, end, _RE_SUBHEAD)
        if sections:
            warnings.append(
                "原文没有“一、二、”编号的板块标题，已把“（一）（二）”编号的段落作为板块，请核对"
            )
    first = sections[0]["start"] if sections else end
    if sections:
        # the heading line of the first section starts before its "start"
        first = text.rfind("\n", start, first) + 1 if text.rfind("\n", start, first) >= 0 else start
        first = max(first, start)
    lead = text[start:first]
    if not sections or _RE_HAS_VALUE.search(_strip_quotes(lead)):
        name = parts.get("heading") or _lead_name(lead) or "全文"
        if not sections:
            warnings.append(
                f"原文没有“一、二、”或“（一）（二）”编号的板块标题，全文作为一个板块（{name}），"
                "请按需要拆分"
            )
        sections.insert(
            0,
            {
                "section": "s0",
                "code": "〇" if sections else "一",
                "name": name[:12],
                "title": parts.get("heading"),
                "start": start,
                "end": first if sections else end,
            },
        )
        if len(sections) == 1:
            areas = _segment_areas(text, start, end)
    for k, sec in enumerate(sections, 1):
        sec["section"] = f"s{k}"
    return sections, areas


#: Some value with a unit-like word or a percentage (a quick test for a lead paragraph).
_RE_HAS_VALUE = re.compile(
    r"\d+(?:\.\d+)?\s*(%|％|万|亿|个|家|人|户|元|项|亩|平方米|公里|吨)"
    rf"|[{_CN_DIGITS}\d]+[件项个大][^。,，;；]{{0,16}}(民生实事|实事项目|民生项目)"
)


def _strip_quotes(text: str) -> str:
    return re.sub(r"“[^”]*”", "", text)


def _lead_name(lead: str) -> str | None:
    m = re.search(r"(主要预期目标|预期目标|主要目标|总体目标|工作目标)", lead)
    return m.group(1) if m else None


def _segment_areas(text: str, start: int, end: int) -> list[dict[str, Any]]:
    """Sub-areas of a text without sections: （一） headings and short heading lines."""
    areas: list[dict[str, Any]] = []
    for pos, line in _lines(text):
        if pos < start or pos >= end or not line.strip():
            continue
        sub = _RE_SUBHEAD.match(line) or _RE_SECTION.match(line)
        if sub:
            areas.append({"start": pos, "name": re.split(r"[。,，：:]", line[sub.end() :])[0]})
    return areas


def _short_name(title: str) -> str:
    """A short section name from its heading: 实施转型升级争速工程,… → 转型升级."""
    first = re.split(r"[,，;；]", title)[0]
    m = re.match(r"^实施(.+?)(争\S)?工程$", first)
    if m:
        return m.group(1)
    return first[:12]


def _segment(
    text: str, body_start: int, body_end: int, section_re: re.Pattern[str] = _RE_SECTION
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Sections (with character ranges) and sub-areas found in the body.

    ``section_re`` matches a section heading: ``一、`` normally; ``（一）`` for plans that
    number their parts only that way (then ``（一）`` no longer marks a sub-area).
    """
    subhead_re = None if section_re is _RE_SUBHEAD else _RE_SUBHEAD
    sections: list[dict[str, Any]] = []
    areas: list[dict[str, Any]] = []
    for pos, line in _lines(text):
        if pos < body_start or pos >= body_end or not line.strip():
            continue
        m = section_re.match(line)
        if m:
            head_end = line.find("。")
            heading = line[m.end() : head_end if head_end > 0 else len(line)].strip()
            sections.append(
                {
                    "section": f"s{len(sections) + 1}",
                    "code": m["code"],
                    "name": _short_name(heading),
                    "title": heading,
                    "start": pos + m.end(),  # the heading sentence may state a value
                    "end": None,
                }
            )
        elif sections and _RE_CLOSING.match(line.strip()):
            sections.append(
                {
                    "section": f"s{len(sections) + 1}",
                    "code": "结语",
                    "name": "结语",
                    "title": None,
                    "start": pos,
                    "end": None,
                }
            )
        elif not sections:
            continue  # the preamble
        # sub-areas: short sentences without inner punctuation, or (一) headings
        offset = pos
        for sentence in re.split(r"(?<=。)", line):
            s = sentence.strip()
            sub = subhead_re.match(s) if subhead_re is not None else None
            if sub:
                name = re.split(r"[。,，]", s[sub.end() :])[0]
                areas.append({"start": offset, "name": name})
            elif (
                s.endswith("。")
                and 2 <= len(s) - 1 <= 12
                and not re.search(r"[,，、;；:：“”\d%]|清零|确保|力争|争创|双|前列", s)
                and not section_re.match(sentence)
            ):
                areas.append({"start": offset, "name": s[:-1]})
            offset += len(sentence)
    for k, sec in enumerate(sections):
        sec["end"] = sections[k + 1]["start"] if k + 1 < len(sections) else body_end
    return sections, areas


def _clauses(text: str, start: int, end: int) -> Iterator[tuple[int, str, int]]:
    """Yield (offset, clause, sentence offset).

    Sentences end at 。！？ or a newline, clauses at ；/;.
    """
    pos = start
    # a half-width stop ends a sentence after a word (实到58名.会议…), not in 1.5 or 1.新建
    stops = r"(?<=[。！？!?\n])|(?<=[\u4e00-\u9fff”)）]\.)(?![\d.])|(?=[·●•▪■◆▶►➤])"
    for sentence in re.split(stops, text[start:end]):
        s_off = pos
        c_pos = pos
        for clause in re.split(r"(?<=[；;])", sentence):
            body = clause.rstrip("。！？；;\n ")
            lead = len(body) - len(body.lstrip("·●•▪■◆▶►➤ \t\u3000"))
            if body[lead:].strip():
                yield c_pos + lead, body[lead:].strip(), s_off
            c_pos += len(clause)
        pos += len(sentence)


# --------------------------------------------------------------------------------------
# per-clause extraction


def _unit_pattern(units: UnitRegistry) -> tuple[str, dict[str, str]]:
    """Regex alternation of every registered spelling (longest first) and spelling → unit."""
    spellings: dict[str, str] = {}
    for spelling, name in units.spellings.items():
        if units.family(name) == "rank":
            continue  # ranks are read by _RE_RANK
        # spellings a Chinese plan text uses: Chinese characters, a percent sign, a unit
        # symbol (㎡) or Latin letters (460m, 2.6km) not run into other letters (mg, m³)
        if spelling == name or (
            spelling != "百分比" and re.search(r"[\u4e00-\u9fff%％]|^[A-Za-z]+\d?$", spelling)
        ):
            spellings[spelling] = name
    # the registry keeps these as m2, km, km2 (NFKC); 修缮约500m² writes the square sign
    for symbol in ("㎡", "㎞", "㎢", "㎜", "㎝", "m²", "km²"):
        spellings.setdefault(symbol, spellings.get(unicodedata.normalize("NFKC", symbol), ""))
    spellings = {k: v for k, v in spellings.items() if v}
    alternation = "|".join(
        re.escape(s) + (r"(?![A-Za-z0-9²³/])" if s.isascii() and s.isalnum() else "")
        for s in sorted(spellings, key=len, reverse=True)
    )
    return alternation, spellings


def _number(raw: str) -> float | None:
    """A number as written (``1.8``, ``三``, ``两百``); None when it can't be read.

    A run of Chinese digits without 十/百/千 (``一二``, ``三五``) is not a number: cn2an
    reads ``一二`` as 12, but in a plan it means "one or two" (see :func:`_cn_range`).
    """
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", raw):
        raw = raw.replace(",", "")  # 1,000盏: a thousands separator
    if re.fullmatch(r"\d+(\.\d+)?", raw):
        return float(raw)
    if re.fullmatch(r"[一二两三四五六七八九零〇]{2,}", raw):
        return None
    try:
        value = float(cn2an.cn2an(raw, "smart"))
    except Exception:  # cn2an raises ValueError, KeyError, IndexError… on odd input
        return None
    return value if value == value and value != float("inf") else None


def _cn_range(raw: str) -> tuple[float, float] | None:
    """``一二`` → (1, 2), ``三五`` → (3, 5): two Chinese digits, the second larger."""
    digits = {c: float(i) for i, c in enumerate("零一二三四五六七八九")} | {"两": 2.0}
    if len(raw) == 2 and raw[0] in digits and raw[1] in digits:
        low, high = digits[raw[0]], digits[raw[1]]
        if 0 < low < high:
            return low, high
    return None


def _in_quotes(clause: str, pos: int) -> bool:
    """Whether ``clause[pos]`` stands inside a quoted name (“两个确立”, “十件民生实事”).

    A quotation that reads out words (a speech, the list a vote decided: ``“各位代表,…
    “投资42万元维修…、投资6万元…改造……”``) is no name: a quote longer than 25 characters or
    holding sentence punctuation keeps its numbers.
    """
    before = clause[:pos]
    if before.count("“") <= before.count("”"):
        return False
    opened = before.rfind("“")
    close = clause.find("”", pos)
    inner = clause[opened + 1 : close if close >= 0 else len(clause)]
    if close >= 0 and _RE_QUOTED_LIST_END.match(clause, close + 1):
        return False  # “汉药路15公里油化”“实施低压电网改造8000米”等8件: the projects listed
    return len(inner) <= 25 and not re.search(r"[,，。；;：:！？…]", inner)


#: The end of a run of quoted projects counted after it: ”“…”、“…”等8件.
_RE_QUOTED_LIST_END = re.compile(
    r"(?:[、,，]?“[^“”]*”)*\s*等\s*[\d一二三四五六七八九十两]+\s*(?:件|项|个|大)"
)


def _phrase_start(clause: str, pos: int, separators: str) -> int:
    """Index just after the last separator before ``pos`` (quotes are skipped)."""
    depth = 0
    for i in range(pos - 1, -1, -1):
        ch = clause[i]
        if ch == "”":
            depth += 1
        elif ch == "“":
            if i and clause[i - 1] == "”":
                return i + 1  # ”“: the next of a run of quoted items (“…”“…”等8件)
            depth -= 1
        elif depth <= 0 and (ch in separators or ch in "：:\t|｜"):
            return i + 1
    return 0


def _segment_end(clause: str, pos: int) -> int:
    m = re.compile(r"[,，;；。\t|｜]|”(?=“)").search(clause, pos)
    return m.start() if m else len(clause)


def _strength(clause: str, pos: int) -> str | None:
    found = [
        m.group(0) for m in _RE_STRENGTH.finditer(clause[:pos]) if not _in_quotes(clause, m.start())
    ]
    return found[-1] if found else None


def _deadline(segment: str) -> str | None:
    m = _RE_DEADLINE.search(segment)
    if not m or (not m["end"] and not m["m"]):
        return None
    y = int(m["y"])
    if m["m"]:
        month = int(m["m"])
        if not 1 <= month <= 12:
            return None
        nxt = dt.date(y + (month == 12), month % 12 + 1, 1)
        return (nxt - dt.timedelta(days=1)).isoformat()
    return dt.date(y, 12, 31).isoformat()


def _clean_title(text: str) -> str:
    # a list number or bullet opening the phrase ((3)完成…, 4.新建…, 二是…, *) is not in the title
    text = re.sub(
        r"^\s*(?:[（(][\d一二三四五六七八九十]{1,3}[)）]|\d{1,2}[.、．)）](?!\d)|"
        r"[一二三四五六七八九十]{1,3}是|[*＊●■◆•▪·])\s*",
        "",
        text,
    )
    text = _RE_TITLE_LEAD.sub("", text.strip(" ,，、"))
    text = re.sub(
        r"(达到|达|为|各|均|分别|控制在|不低于|不少于|不超过|至少|突破|超过|超|力超)$", "", text
    )
    return (text or "（请补充标题）")[:40]


def _row(**kw: Any) -> dict[str, Any]:
    row = dict.fromkeys(DRAFT_COLUMNS)
    row.update(weight=1.0, annual=True, draft=True)
    row.update(kw)
    return row


#: The warning of a text that only tells work done (:func:`_told_only`).
_TOLD_ONLY = "全文叙述已经做过的工作"
#: Words that set work to do: a sentence with a figure and one of these plans something.
_RE_TO_DO = re.compile(
    r"(?<![即必])将(?:在|于|继续|进一步|全面|加快|力争|新建|完成|实施|启动|建成|投资|投入|建设)|"
    r"计划|力争|(?<!申报)争取|确保|目标|年内|年底前|下一步|今年要|需要|(?<![需只])要(?![求])|"
    r"拟|预计|明年|新的一年|票决|表决|确定|选定|审议|实事项目|民生实事"
)
#: A title of a document that plans or lists work: 工作安排, 民生实事项目, 清单.
_RE_PLAN_TITLE_WORDS = re.compile(
    rf"{_PLAN_WORDS}|计划|安排|要点|方案|清单|实事|项目|任务|目标|票决"
)


def _told_only(text: str, body_start: int, title: str) -> bool:
    """Whether a text only tells work already done: a news feature (路灯亮了 村民笑了) with
    no numbered item, no plan title, and no sentence that has a figure and a word setting
    work to do (将, 计划, 力争, 目标, 票决…)."""
    body = text[body_start:]
    first = next((line.strip() for line in body.splitlines() if line.strip()), "")
    if _RE_PLAN_TITLE_WORDS.search(title + first):
        return False
    numbered = (
        rf"^\s*(?:{_NUMBERING}|\d{{1,2}}\s*[.、．]|[（(]\d{{1,2}}[）)]"
        r"|[一二三四五六七八九十]+是|[●■◆•▪])"
    )
    if re.search(numbered, body, re.M):
        return False
    if not re.search(r"了|已|去年|近日|日前|如今|以前|原有|以来", body):
        return False  # 建成二级医院1所。: nothing says it is done
    for sentence in re.split(r"[。！？\n]", body):
        if re.search(r"\d", sentence) and _RE_TO_DO.search(sentence):
            return False
    return True


#: A sentence reporting the year's programme finished: 关于…十大民生工程完成情况的通报,
#: 8项街道民生实事工程按期完成.
_RE_YEAR_DONE = re.compile(
    r"(?:民生|实事|工程|项目)[^。！？\n]{0,12}(?:完成情况|(?:全部|按期|如期|全面|均已|已全部)(?:完成|完工|建成))"
)


def _reports_done_only(text: str, body_start: int, title: str) -> bool:
    """Whether a text reports the year's programme finished (关于…民生工程完成情况的通报,
    8项民生实事工程按期完成) and sets nothing ahead: no sentence with a figure has a word
    of the future (:data:`_RE_AHEAD`: 将, 计划, 力争, 下一步, 年内…) or of a vote (票决).
    Its figures are results, not targets, even where it is set out in items."""
    body = text[body_start:]
    whole = title + "\n" + body
    done = _RE_YEAR_DONE.search(whole)
    if not done:
        return False
    # the year of the programme reported (关于…2024年十大民生工程完成情况): a plan of that
    # year told in the report (计划2024年建成…), or a count 截至2024年底, is not ahead
    start = max(whole.rfind(c, 0, done.start()) for c in "。！？\n") + 1
    named = [int(y) for y in re.findall(r"(20\d\d)\s*年", whole[start : done.end()])]
    for sentence in re.split(r"[。！？\n]", body):
        if not re.search(r"\d", sentence):
            continue
        if re.search(r"票决|票选|票荐|投票|表决|选定|推荐|目标[:：]", sentence):
            return False  # a vote sets the projects to do; 年度目标: the year's target
        if not _RE_AHEAD.search(sentence):
            continue
        years = [int(y) for y in re.findall(r"(20\d\d)\s*年", sentence)]
        told = named and years and max(years) <= max(named)
        if "截至" in sentence or (told and not re.search(r"明年|下一步|新的一年", sentence)):
            continue
        return False
    return True


def _extract_section(
    text: str,
    sec: dict[str, Any],
    areas: list[dict[str, Any]],
    year: int,
    units: UnitRegistry,
    warnings: list[str],
    past: list[tuple[int, int]] | None = None,
    progress_spans: list[tuple[int, int]] | None = None,
) -> list[dict[str, Any]]:
    unit_alt, spellings = _unit_pattern(units)
    value_re = re.compile(_VALUE.replace("{units}", unit_alt))
    rows: list[dict[str, Any]] = []
    previous_sentence = (-1, "")
    carried = ""
    for c_off, clause, s_off in _clauses(text, sec["start"], sec["end"]):
        if past and any(a <= c_off < b for a, b in past):
            continue  # last year's figures: reported, not targets
        told = _RE_PROGRESS.search(text[s_off:c_off] + clause)
        progress = (
            bool(
                told
                and _told_done(text[s_off : text.find("。", c_off) + 1 or len(text)])
                and not _task_before(text[s_off:c_off] + clause, told.start())
            )
            or bool(_RE_PROGRESS_NOW.search(text[s_off:c_off]))
            or any(a <= c_off < b for a, b in progress_spans or [])
        )
        if not progress and (
            # the clause itself (中心小学新教学楼正式投入使用,新增公办学位810个: only the first)
            _RE_DELIVERED.search(clause) or _RE_DONE_SINCE.search(text[s_off:c_off] + clause)
        ):
            done_sentence = text[s_off : text.find("。", c_off) + 1 or len(text)]
            # a paragraph reviewing last year (过去一年,…正式投入使用,新增公办学位810个) tells
            # last year's figures, read by the review, not progress of this year
            paragraph = text[text.rfind("\n", 0, c_off) + 1 : c_off]
            progress = not _RE_PLANNED_WORD.search(done_sentence) and not re.search(
                r"过去(的)?一年|去年|上年|上一年", paragraph
            )
        if not progress and _RE_SHARE_DONE.match(clause):
            # 目前生态停车场已建设完工,等待验收;一处公厕完成85%: how far one project is
            progress = bool(
                _RE_SENTENCE_DONE.search(text[s_off : text.find("。", c_off) + 1 or len(text)])
            )
        if not progress:
            # 今年计划新建口袋公园10个,已完成5个 (目前已有…3360户…改造完成,2019年计划改造的
            # 4个村): the pieces of the clause telling work done are blanked out, keeping
            # every offset, and the rest is read
            for a, _ in progress_spans or []:
                if c_off < a < c_off + len(clause):
                    x = a - c_off
                    # the pieces after it go on telling the work done (,约1.5万平方米)
                    # until one plans again (,2019年计划改造的4个村)
                    again = re.search(
                        rf"[,，](?=[^,，]*(?:{_RE_PLANNED_WORD.pattern}|下达|任务数))", clause[x:]
                    )
                    y = x + again.start() if again else len(clause)
                    clause = clause[:x] + "，" * (y - x) + clause[y:]
        now = _RE_PROGRESS_NOW.search(clause)
        if now and not progress:
            if now.start() == 0:
                progress = True
            else:
                # 今年…82734户开展建筑能效提升,现工程已完成1420户: the plan, then the work
                # done so far; only the part before is read for targets
                clause = clause[: now.start()]
        if s_off != previous_sentence[0]:
            # a sentence opening with 其中 continues the one before: 到2025年…。其中,…
            head = text[previous_sentence[0] : s_off] if previous_sentence[0] >= 0 else ""
            opens_sub = bool(re.match(r"\s*其中", text[s_off : s_off + 6]))
            carried = head if opens_sub and _multiyear(head, year) else ""
            previous_sentence = (s_off, clause)
        ctx = {
            "clause": clause,
            "offset": c_off,
            "sentence_head": carried + text[s_off:c_off],
            "section": sec["section"],
            "area": _area_at(areas, c_off, sec),
            "year": year,
        }
        found: list[dict[str, Any]] = []
        if progress:
            # 截至目前,累计投入…,完成率达90%: progress within the year; only the count of
            # the year's projects it names (目前,10件民生实事已完成8件) is drafted
            for row in _project_counts(ctx, [], decided=True):
                row["_progress"] = True
                rows.append(row)
            continue
        found += _numeric(ctx, value_re, spellings, units, warnings)
        found += _flat(ctx, found)
        found += _zero(ctx, found)
        found += _rank(ctx, found)
        found += _directions(ctx, found)
        found += _project_counts(ctx, found)
        found += _project_money(ctx, found)
        found += _each_one(ctx, found, spellings)
        found += _prenominal(ctx, found, spellings)
        found += _unregistered(ctx, found, spellings, warnings)
        found += _milestones(ctx, found)
        found += _qualitative(ctx, found)
        found.sort(key=lambda r: (r["start"], r["end"]))
        if re.search(r"候选项目[^。；;]{0,6}(是|为|包括|有)[:：]?", ctx["sentence_head"] + clause):
            # 候选项目分别是:1.新建农村公路8公里;…: not all candidates are chosen
            for r in found:
                r["confidence"] = "low"
                note = "候选项目中的数量：请核对该项目是否当选"
                r["notes"] = "；".join(x for x in (r["notes"], note) if x)
        if past is not None:
            _doubt_mixed_tense(text, s_off, c_off, year, found)
        rows += found
    return rows


def _doubt_mixed_tense(
    text: str, s_off: int, c_off: int, year: int, found: list[dict[str, Any]]
) -> None:
    """Lower a high-confidence entry to medium when its sentence also speaks of the past
    (``去年完成…``, ``2023年以来``, ``完成了``) or names a year other than the plan year: the
    value may be last year's figure; or when it estimates (核算, 估计, 至少在…左右): the value
    may be a cost."""
    if not any(r["confidence"] == "high" for r in found):
        return
    stop = re.compile(r"[。！？\n]").search(text, c_off)
    sentence = text[s_off : stop.end() if stop else len(text)]
    why = None
    first = next((line for line in text.splitlines() if line.strip()), "")
    if (
        not _RE_PLAN_TITLE_WORDS.search(first)
        and not _RE_PLAN_TENSE.search(sentence)
        and not _RE_PLAN_TENSE.search(
            text[max(0, text.rfind("\n", 0, max(0, s_off - 1)) - 200) : s_off]
        )
    ):
        # high only for a figure a plan sets: in a text titled as a plan, or a sentence (or
        # the lines just before it) with a word of the plan (今年, 将, 力争, 确保, 目标…)
        for r in found:
            if r["confidence"] == "high":
                r["confidence"] = "medium"
        return
    past = _RE_PAST_TENSE.search(sentence)
    if past:
        why = f"同一句中有“{past.group(0)}”"
    estimate = re.search(r"核算|测算|估算|估计|摸底|至少在", sentence)
    if estimate and not why:
        # 经过初步摸底核算,…投入至少在100万元左右: what the work may cost, not a goal
        for r in found:
            if r["confidence"] == "high":
                r["confidence"] = "medium"
                note = f"同一句中有“{estimate.group(0)}”：该数字可能是估算的费用或规模，请核对"
                r["notes"] = "；".join(x for x in (r["notes"], note) if x)
        return
    for m in re.finditer(r"(?<!\d)(20\d\d)\s*年(?!\s*[-—–至到~～]\s*20)", sentence):
        if why or int(m.group(1)) == year:
            continue
        if _RE_YEAR_COMPARED.search(sentence[max(0, m.start() - 2) : m.start()]):
            continue
        if int(m.group(1)) < year:
            why = f"同一句中写有“{m.group(0)}”"
    if why is None:
        return
    for r in found:
        if r["confidence"] == "high":
            r["confidence"] = "medium"
            note = f"{why}：该数字可能是上一年的实绩而非{year}年目标，请核对"
            r["notes"] = "；".join(x for x in (r["notes"], note) if x)


def _area_at(areas: list[dict[str, Any]], pos: int, sec: dict[str, Any]) -> str | None:
    inside = [a for a in areas if sec["start"] <= a["start"] <= pos]
    return inside[-1]["name"] if inside else None


def _base(ctx: dict[str, Any], start: int, end: int, vals: Any = None, **kw: Any) -> dict[str, Any]:
    """A drafted row quoting ``clause[start:end]``; ``vals`` is the (start, end) in the
    clause of the number it reads, or a list of them (see :func:`_account_numbers`)."""
    clause = ctx["clause"]
    # a list number opening the phrase (5.开展…, （3）新建…) is not part of the quote
    numbering = re.match(
        r"\s*(?:[（(]\d{1,2}[)）]|\d{1,2}[.、．)）](?!\d)|[*＊●■◆•▪·])\s*", clause[start:end]
    )
    if numbering and numbering.end() < end - start:
        start += numbering.end()
    row = _row(
        section=ctx["section"],
        area=ctx["area"],
        source_text=clause[start:end],
        start=ctx["offset"] + start,
        end=ctx["offset"] + end,
        strength=_strength(clause, end),
        **kw,
    )
    if vals is not None:
        spans = vals if isinstance(vals, list) else [vals]
        row["_vals"] = [(ctx["offset"] + a, ctx["offset"] + b) for a, b in spans]
    return row


def _overlaps(rows: list[dict[str, Any]], start: int, end: int, ctx: dict[str, Any]) -> bool:
    a, b = ctx["offset"] + start, ctx["offset"] + end
    return any(r["start"] < b and a < r["end"] for r in rows)


def _where(ctx: dict[str, Any]) -> str:
    """Where a clause sits, for warnings: 板块 s2（办好实事）."""
    area = f"（{ctx['area']}）" if ctx.get("area") else ""
    return f"板块 {ctx['section']}{area}"


def _read_value(
    m: re.Match[str], clause: str, spellings: dict[str, str], units: UnitRegistry
) -> dict[str, Any] | None:
    """Kind, comparator, value, unit, notes and confidence of one value; None if unreadable.

    A range (``5-8个``, ``三至五家``, ``一二家``) is read as *at least its lower bound*
    (medium confidence; low for ``一二家``), an approximate number (``十余家``) as at least
    the number (low confidence); both say so in the notes.
    """
    notes: list[str] = []
    confidence = "high"
    written = m.group(0)
    span: tuple[float, float] | None = None
    approx = None
    if m["frac"]:
        number = _number(m["fnum"])
        if number is None:
            return None
        unit = "%"
        value = number if m["frac"] == "百分之" else number / 10
        if m["frac"] == "千分之":
            notes.append(f"原文“千分之{m['fnum']}”已换算为 {value:g}%")
    else:
        unit = spellings[m["unit"]]
        value = _number(m["num"])
        if m["lo"]:
            low = _number(m["lo"])
            if low is None or value is None:
                return None
            span = (min(low, value), max(low, value))
            if low >= value:
                confidence = "low"
        elif value is None:
            span = _cn_range(m["num"])
            if span is None:
                return None
            confidence = "low"
        if span is not None:
            confidence = "medium" if confidence == "high" else confidence
            value = span[0]
        if m["approx"]:
            approx = m["approx"]
            confidence = "low"
        factor = {"万": 1e4, "亿": 1e8}.get(m["mult"] or "", 1.0)
        if factor != 1.0:
            value *= factor
            span = (span[0] * factor, span[1] * factor) if span else None
            notes.append(f"原文“{m['num']}{m['mult']}{m['unit']}”已换算为 {value:g}{unit}")
    assert value is not None
    percent = units.family(unit) == "percent"
    before = clause[: m.start()].rstrip()  # 固定资产投资增长 12%: a space before the number
    qual = m["qual"] or ""
    if percent and span is None and not approx:
        bare = _RE_DIST.sub("", before) if _RE_DIST.search(before) else before
        growth = _RE_GROWTH.search(bare) or _RE_GROWTH.search(before)
        decline = _RE_DECLINE.search(bare) or _RE_DECLINE.search(before)
        if growth and qual not in ("以内", "以下") and not _RE_PRE_AT_MOST.search(before):
            comp = "~" if qual == "左右" else ">="
            if qual == "左右":
                notes.append("“左右”：容差未写明，按计分规则的默认容差")
            elif not qual and not _RE_PRE_AT_LEAST.search(before):
                notes.append(f"“{growth['verb']}{written}”未写“以上”：按不低于 {value:g}% 考核")
            return {
                "kind": "growth",
                "comparator": comp,
                "target_value": value,
                "unit": "%",
                "notes": notes,
                "confidence": confidence,
                "percent": True,
                "growth": True,
            }
        if decline:
            notes.append(
                f"原文要求{decline['verb']} {value:g}%（幅度）：计分只判断方向，幅度请年终人工核对"
            )
            return {
                "kind": "direction",
                "comparator": "<",
                "target_value": None,
                "unit": "%",
                "direction": "decrease",
                "notes": notes,
                "confidence": "medium",
                "percent": True,
                "growth": True,
            }
    # 控制在5.5%左右: “左右” says about, whatever the verb
    ceiling = qual in ("以内", "以下") or (bool(_RE_PRE_AT_MOST.search(before)) and qual != "左右")
    if span is not None and ceiling:
        value = span[1]
        kind, comp = ("rate", "<=") if percent else ("at_most", "<=")
        notes.append(f"原文为区间“{written}”：按上限 {value:g}{unit} 作为不超过目标，请核对")
    elif span is not None:
        kind, comp = ("rate", ">=") if percent else ("at_least", ">=")
        notes.append(
            f"原文为区间“{written}”：按下限 {value:g}{unit} 作为不低于目标；"
            "如应按上限或区间考核，请修改"
        )
    elif approx:
        kind, comp = ("rate", ">=") if percent else ("at_least", ">=")
        notes.append(f"“{written}”是约数（“{approx}”）：按不低于 {value:g}{unit} 提取，请核对")
    elif qual in ("以上", "及以上") or _RE_PRE_AT_LEAST.search(before):
        kind, comp = ("rate", ">=") if percent else ("at_least", ">=")
    elif ceiling:
        kind, comp = ("rate", "<=") if percent else ("at_most", "<=")
    elif qual == "左右":
        kind, comp = "about", "~"
        notes.append("“左右”：容差未写明，按计分规则的默认容差")
    elif re.search(r"(?<!节)(约|大约)$", before):
        # 投资约300万元, 约130棵: an approximate figure
        kind, comp = "about", "~"
        notes.append("“约”：按左右提取，容差未写明，按计分规则的默认容差")
        confidence = "medium" if confidence == "high" else confidence
    elif units.family(unit) in ("cny", "usd"):
        # an amount (产值、收入、投资 N亿元) is a floor: reaching more is not a shortfall
        kind, comp = "at_least", ">="
        notes.append(f"金额“{written}”未写“以上”：按不低于 {value:g}{unit} 提取，请核对")
        confidence = "medium" if confidence == "high" else confidence
    else:
        kind, comp = ("rate", ">=") if percent else ("exact", "=")
    explicit = qual or _RE_PRE_AT_LEAST.search(before) or _RE_PRE_AT_MOST.search(before)
    if confidence == "high" and not explicit:
        # high only when a word of the text gives the comparator (以上, 不少于, 控制在…)
        confidence = "medium"
        if kind == "rate":
            notes.append(f"“{written}”前后没有“达到/以上/不低于”等字：按不低于提取，请核对")
        elif kind == "exact":
            notes.append(
                f"“{written}”没有“以上/不少于/以内”等字：按确数（=）提取；"
                "如应为不低于或不超过，请修改"
            )
    if kind == "rate" and not 0 <= value <= 100:
        return None
    return {
        "kind": kind,
        "comparator": comp,
        "target_value": value,
        "unit": unit,
        "notes": notes,
        "confidence": confidence,
        "percent": percent,
        "growth": False,
    }


def _annual(ctx: dict[str, Any], before: str, lead: str, sub: bool) -> tuple[bool, str | None]:
    """Whether a value is a one-year target, and a note when it is not obvious.

    Multi-year wording in the phrase itself (``累计``, ``用3年时间``) makes it cumulative;
    else the plan year in the phrase (``其中2022年完成8个``) makes it annual; else multi-year
    wording earlier in the sentence carries over.
    """
    if re.search(r"冲刺", lead) and not re.search(rf"{ctx['year']}\s*年|今年|全年", lead):
        # 经济总量冲刺100亿元大关: a goal to strive for, not one year's measure
        return (
            False,
            "“冲刺”是奋斗目标的口号式表述，不一定在本年度达到："
            "不按单一年度考核（annual: false），请核对",
        )
    own = _multiyear(lead, ctx["year"])
    if own:
        return False, f"“{own.group(0)}”：累计或多年目标，不按单一年度考核（annual: false）"
    year = ctx["year"]
    if re.search(rf"{year}\s*年(?!\s*[-—–至到])|今年|当年|本年", lead):
        if sub or _multiyear(ctx["sentence_head"] + before, year):
            return True, f"写明 {year} 年：是上面多年目标中的年度任务，按年度考核（annual: true）"
        return True, None
    multi = _multiyear(ctx["sentence_head"] + before, ctx["year"])
    if multi and multi.group(0) == "累计" and not re.search(r"其中|分别", lead):
        # 累计开展招聘会15场次,提供就业岗位1000个: 累计 says how the first is counted,
        # it does not make the phrases after it multi-year
        multi = None
    if multi:
        return False, f"“{multi.group(0)}”：累计或多年目标，不按单一年度考核（annual: false）"
    return True, None


def _multiyear(text: str, year: int) -> re.Match[str] | None:
    """The first multi-year wording in ``text``; ``到2023年底`` in the plan year is annual."""
    for m in _RE_MULTIYEAR.finditer(text):
        y = re.fullmatch(r"到\s*(20\d\d)\s*年", m.group(0))
        if y and int(y.group(1)) <= year:
            continue
        return m
    return None


def _unreadable(ctx: dict[str, Any], written: str) -> str:
    return f"{_where(ctx)}“{written}”中的数字无法识别，未提取，请对照原文手工补充"


#: Attributes of a project, not commitments: 总投资24.55亿元, 占地120亩.
_RE_ATTRIBUTE = re.compile(
    r"(总投资额?|计划总投资|概算投资|估算投资|估算总投资|投资估算|资金规模(?:合计|总计|共计)?|"
    r"占地(?:面积)?|总建筑面积|建筑面积|计容面积|项目总额|"
    r"设计面积|规划面积|设计规模|设计长度|库容|流转土地|扭转土地|预计(?:总)?投资|"
    r"年(?:周转|处理|吞吐|加工|存储)[\u4e00-\u9fff]{0,4}?|"
    r"用地面积|总面积|总长|全长|总规模|(?:共计|合计|累计|总|总计)投入|(?<!全)年产|"
    # 分别为A项目、B项目、C项目,共投入资金约537万元: the money of the projects listed
    r"(?:共计?|合计|累计|总计)投入资金)"
    r"(约|达到?|为|近|超过?|逾|高达|预计|共计?)*$"
)
#: Where a project's money comes from (资金来源:上级补助300万元): an attribute.
_RE_FUNDING = re.compile(r"资金来源|资金筹措|筹资方式|资金渠道")
#: What a finished project is expected to yield (建成后,年可增加村集体收入15万元).
_RE_EXPECTED = re.compile(
    r"(建成|投用|投产|完工|实施|运营)后[^。；;]{0,6}?(可|能|将|预计|年均?可)[^。；;]{0,16}$"
)
#: Who a project serves (惠及群众3万人, 受益人口): listed as 受益人数, not drafted.
_RE_BENEFICIARIES = re.compile(
    # 惠及219栋、8987户、2.5万人: each of a list of what the work serves
    r"(惠及|受益|受惠|辐射|带动就业)(?:[^,，;；。、]{0,8}?[\d.]+[万亿]?[\u4e00-\u9fff]{1,2}、)*"
    r"[^,，;；。、]{0,8}$|覆盖(全[镇乡村区县街]|辖区)?[^,，;；。、率]{0,4}(群众|居民|人口|农户|家庭)$"
    # 建成后可解决周边3个村、1.5万名群众出行难问题: what the work will do for people
    r"|(建成|投用|实施|完工)后[^,，;；。]{0,4}(可|能|将)?(解决|满足|方便|服务)[^,，;；。]{0,8}$"
    # 覆盖2个行政村的15个自然村9330人: the people of the villages a project covers
    r"|覆盖[^,，;；。]{0,24}?(村|组|社区|小区)$"
)
#: Suggestions a meeting put forward (代表们…提出了…等方面建议12条): counted at the meeting,
#: no commitment; the sentence must name its deputies or meeting.
_RE_SUGGESTIONS = re.compile(
    r"(提出|收集|收到|征集|汇总|梳理|形成)了?[^。；;]{0,60}?(意见建议|建议|意见|提案|议案)\s*$"
)
#: (共收集社会各界和各族群众提出的意见建议110条: views gathered from the public too)
_RE_SUGGESTED_BY = re.compile(r"代表|委员|议政|会议|座谈|建言献策|群众|居民|社会各界")


def _suggestions(sentence_head: str, token: str) -> bool:
    """Whether ``token`` counts suggestions a meeting put forward (``…提出了…建议12条``)."""
    return bool(
        re.search(r"[条件个项]$", token)
        and _RE_SUGGESTIONS.search(sentence_head)
        and _RE_SUGGESTED_BY.search(sentence_head)
    )


#: Who attends a meeting (41名人大代表): listed as 会议人数, not drafted.
_RE_MEETING = re.compile(
    r"^[^,，;；。]{0,4}(人大代表|党代表|议事代表|代表|委员)"
    r"|^[^,，;；。]{0,2}(出席|参加|列席|参会|到会|与会|齐聚)"
    # 66名议事会成员出席会议: the members who attend a meeting
    r"|^[^,，;；。]{0,8}(成员|代表|委员|群众代表)(出席|列席|参加|到会)(了)?[^,，;；。]{0,4}(会议|大会)"
)

#: Who signs a pledge (12个居民区书记签订加梯项目责任书): the signers, not a commitment.
_RE_SIGNERS = re.compile(
    r"^[^,，;；。]{0,6}(书记|负责人|主任|单位|企业)[^,，;；。]{0,4}(签订|签署|签下)"
    r"[^,，;；。]{0,12}(责任书|承诺书|责任状)"
)


def _numbered_series(clause: str, m: re.Match[str]) -> bool:
    """``4栋、9栋等``: numbers of one unit listed with 、 and closed by 等 name things
    (buildings, groups), they are no quantity."""
    unit = m["unit"] or ""
    if not unit or m["frac"]:
        return False
    tail = re.match(rf"(?:、\s*\d+{re.escape(unit)})*\s*等", clause[m.end() :])
    head = re.search(rf"\d+{re.escape(unit)}\s*、\s*$", clause[: m.start()])
    return bool(tail and (head or tail.group(0).startswith("、")))


#: An election at a meeting (选举产生了镇人大副主席1名、镇长1名): the officials elected.
_RE_ELECTED = re.compile(r"(选举|补选|当选|递补)(产生|为)?了?[^,，;；。！？]{0,30}$")
#: Attendance before a number: 应到代表45名, 实到41名, 出席会议的代表.
_RE_ATTENDANCE = re.compile(
    r"(人大代表|议事代表|党代表|代表|委员|应到|实到|出席|到会|参会|与会|列席"
    # 因事因病请假10名: the absent members of a meeting
    r"|请假|缺席)[^,，;；。、]{0,4}$"
)
#: The staff of an office (党政机关编制37名, 在编27人, 现有干部职工52人): no commitment.
_RE_STAFFING = re.compile(
    r"(?:(?:编制|在编)[^,，;；。、\d]{0,4}|(?:干部职工|机关干部)(?:共|为|有)?)$"
)
#: Flat against a year: 与2023年持平 (growth about 0 %).
_RE_FLAT = re.compile(r"(与|和|同|较)(上年|去年|上一年|20\d\d\s*年)(基本)?持平")


#: Positive growth: 一般公共预算收入实现正增长 (growth above 0 %).
_RE_POSITIVE = re.compile(r"(实现|保持|力争|确保|争取)?(同比)?正增长")


def _flat(ctx: dict[str, Any], taken: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """固定资产投资与2023年持平: a growth target of about 0 %; 实现正增长: above 0 %."""
    clause = ctx["clause"]
    out: list[dict[str, Any]] = []
    found = [(m, "~") for m in _RE_FLAT.finditer(clause)]
    found += [(m, ">") for m in _RE_POSITIVE.finditer(clause)]
    for m, comparator in found:
        start = _phrase_start(clause, m.start(), "、,，;；")
        end = m.end()
        if _in_quotes(clause, m.start()) or _overlaps(taken + out, start, end, ctx):
            continue
        subject = re.sub(r"(方面|同比)$", "", clause[start : m.start()])
        if not subject.strip():
            continue  # no indicator named before it (“实现正增长” alone)
        out.append(
            _base(
                ctx,
                start,
                end,
                title=f"{_clean_title(subject)}增长"[:40],
                kind="growth",
                comparator=comparator,
                target_value=0.0,
                unit="%",
                confidence="medium",
                notes="“持平”：按增长 0% 左右考核，容差按计分规则的默认容差"
                if comparator == "~"
                else "“正增长”：增速须高于 0%，持平不算完成",
            )
        )
    return out


#: People named before their count: 百香果种植能手杨杰等3人, 优秀网点龙见顶等2人.
_RE_NAMED_PEOPLE = (
    r"(能手|标兵|模范|先进|同志|书记|主任|网点|代表|老师|医生)[\u4e00-\u9fff]{2,4}等\s*$"
)
#: A source of a project's money right before the sum: 补助资金70万元, 村集体自筹10万元,
#: 街道两级配套资金394万元, 省里奖补30万元 (not 计划投资, 年度投资: what the year spends).
_RE_FUND_SOURCE = (
    # (not 发放雨露计划补助411.59万元: money paid out, a result)
    r"^(?:(?!发放|兑现|拨付|落实|争取)[^,，;；。])*"
    r"(补助资金|补助|自筹资金|自筹|配套资金|配套|资助资金|资助|奖补资金|奖补|捐资|捐赠|"
    r"筹措资金|筹集资金|债券资金|专项债|"
    # 债权项目回收资金为355.04万元, 其他资金24.54万元: the parts of a project's money
    r"(?:其他|回收|自有|社会|银行|中央|省级|市级|县级|区级|镇级)资金)[^,，;；。\d计划拟]{0,4}$"
)
#: The facts of a place before a figure: 距市区, 辖区面积, 耕地面积, 常住人口.
_RE_PROFILE = re.compile(
    r"(距离?[^,，;；。:：\d]{1,8}|(?:辖区|辖域|区域|国土|总)面积|(?:耕地|林地|水田|旱田|山林|森林|水域|草地)(?:面积)?|"
    r"(?:户籍|常住|总)人口|"
    # 有居民38535户, 有党员1542人, 实有15名: who lives and works there
    r"^\s*(?:实|现|共)?有(?:居民|人口|党员|户籍人口|常住人口|社区工作者|工作人员|干部职工|职工)?)\s*$"
)


#: A sentence stating what a place has (我镇有大型养殖场3个,养殖专业户6个): its stock.
_RE_HAS = re.compile(
    r"(?:^|[,，;；:：。！？])\s*(?:我|全|本|该|[\u4e00-\u9fff]{2,4}?)?(?:镇|乡|村|街道|社区|区|县|辖区内?)"
    r"(?:现|共|目前)?(?:有|拥有)"
)


def _last_phrase(before: str) -> str:
    """The phrase a figure closes: the text before it back to the last comma or stop."""
    return re.split(r"[,，;；。:：]", before)[-1]


def _money_source(before: str) -> bool:
    """Whether the phrase before a sum names where a project's money comes from
    (:data:`_RE_FUND_SOURCE`), not a rate per head (每人补助1000元).

    >>> _money_source("小坝村集体自筹"), _money_source("每人补助"), _money_source("计划投资")
    (True, False, False)
    """
    phrase = _last_phrase(before)
    return bool(re.search(_RE_FUND_SOURCE, phrase)) and not _RE_PER_HEAD.search(phrase)


def _profile_fact(before: str) -> bool:
    """Whether the phrase before a figure states a fact of the place with no verb of work
    (某镇距市区18公里, 耕地面积7546公顷; not 新增耕地面积500亩).

    >>> _profile_fact("某镇距市区"), _profile_fact("新增耕地面积"), _profile_fact("辖区面积 ")
    (True, False, True)
    """
    phrase = _last_phrase(before)
    has = _RE_HAS.search(before)
    if has and not re.search(
        f"{_RE_COMMIT_VERB.pattern}|{_RE_PLANNED_WORD.pattern}", before[has.start() :]
    ):
        return True  # 目前,我镇有大型养殖场3个,养殖专业户6个,散户1625户
    return bool(_RE_PROFILE.search(phrase)) and not _RE_COMMIT_VERB.search(phrase)


#: A price per unit of a good right before a sum: 每斤最低1.3元, 每公斤收购价.
_RE_UNIT_PRICE = r"每\s*(斤|公斤|千克|吨|头|只|株|棵|箱)[^,，;；。\d]{0,6}$"


def _numeric(
    ctx: dict[str, Any],
    value_re: re.Pattern[str],
    spellings: dict[str, str],
    units: UnitRegistry,
    warnings: list[str],
) -> list[dict[str, Any]]:
    """Numbers with a unit: 1.8亿元以上, 三家, 100%, 各1家, 分别2家、5家, 其中…, 控制在3%以内."""
    clause = ctx["clause"]
    out: list[dict[str, Any]] = []
    previous: dict[str, Any] | None = None
    attribute_before = False
    matches = [m for m in value_re.finditer(clause) if not _in_quotes(clause, m.start())]
    i = 0
    while i < len(matches):
        m = matches[i]
        before = clause[: m.start()]
        resp = _RE_RESPECTIVELY.search(before)
        if resp:
            chain = [m]
            i += 1
            while i < len(matches) and _RE_VALUE_JOIN.fullmatch(
                clause[chain[-1].end() : matches[i].start()]
            ):
                chain.append(matches[i])
                i += 1
            rows = _respectively(ctx, chain, resp, spellings, units, warnings)
            out += rows
            previous = rows[-1] if rows else previous
            continue
        i += 1
        if m["num"] == "一" and m["unit"] == "批" and not m["qual"]:
            continue  # 建成一批, 签约一批: "a number of", not a count
        if m["unit"] in ("名", "位") and re.search(r"前\s*$", clause[: m.start()]):
            continue  # 进入全省前三名: a rank (read by _rank), not a count of people
        if re.search(_RE_UNIT_PRICE, before):
            continue  # 鲜红椒每斤最低1.3元: the price of a good, not a goal
        if _profile_fact(before):
            continue  # 距市区18公里, 辖区面积145.96平方公里: what the place is, not a goal
        if re.search(r"(增长|增加|提高|提升|下降|减少|降低)了\s*$", before):
            continue  # 面积比上一年度增加了14%以上: a change that has happened
        if m["unit"] in ("批", "期", "步", "轮") and re.search(r"分\s*$", before):
            continue  # 分三批实施: how the work is split, not a count to reach
        if m["unit"] in ("元", "万元", "亿元") and _money_source(before):
            continue  # 中央财政衔接补助资金70万元, 村集体自筹10万元: where the money comes from
        if m["unit"] in ("人", "名") and re.search(_RE_NAMED_PEOPLE, before):
            continue  # 种植能手杨杰等3人: people named, not a count to reach
        if (
            m["unit"] in ("项", "个", "件")
            and re.search(r"[(（]\s*(共|计|合计)?\s*$", clause[: m.start()])
            and re.match(r"\s*[)）]", clause[m.end() :])
            # 2024年民生实事项目(共10项): the count of the year's projects
            and not re.search(
                r"(民生实事|实事项目|民生项目|民心工程|实事)\s*[(（]\s*(共|计|合计)?\s*$",
                clause[: m.start()],
            )
        ):
            continue  # 一、教育事业(2项): how many items a heading groups
        read = _read_value(m, clause, spellings, units)
        if read is None:
            warnings.append(_unreadable(ctx, m.group(0)))
            continue
        slogan = re.match(r"新?(大关|台阶|关口)", clause[m.end() :])
        if slogan and read["confidence"] == "high":
            read["confidence"] = "medium"
            read["notes"].append(
                f"“{m.group(0)}{slogan.group(0)}”是口号式表述：请确认是否为当年目标、是否按年度考核"
            )
        judged = re.search(r"(满意率|满意度|完成率|办结率|知晓率|好评率)[^,，;；。]{0,6}$", before)
        if judged and read["confidence"] == "high":
            # 群众满意率达98%以上: in news of a vote this is often how earlier projects went
            read["confidence"] = "medium"
            read["notes"].append(f"“{judged.group(1)}”常是已办项目的实绩：请核对是否为本年度目标")
        per_time = re.search(r"(每天|每日|每周|每月|每年|日均|月均)[^,，;；。]{0,10}$", before)
        if per_time and read["confidence"] == "high":
            # 每天服务老人200人次以上: a level per day, not the year's total
            read["confidence"] = "medium"
            read["notes"].append(
                f"“{per_time.group(1)}”：是按时段计的量，不是全年总量，请核对考核口径"
            )
        notes: list[str] = read.pop("notes")
        confidence = read.pop("confidence")
        percent = read.pop("percent")
        growth = read.pop("growth")
        if _RE_ATTRIBUTE.search(before):
            attribute_before = True
            continue  # 总投资24.55亿元: what a project is, not what the plan commits to
        part = before[_phrase_start(clause, m.start(), ",，;；") :]
        if (
            attribute_before
            and re.match(r"\s*其中", part)
            and not re.match(r"\s*其中[^,，;；。]{0,6}(20\d\d\s*年|今年|年度|当年|本年)", part)
        ):
            continue  # 总投资1.2亿元,其中镇级财政投入3000万元: part of the attribute
        if _RE_FUNDING.search(ctx["sentence_head"] + before):
            continue  # 资金来源:上级补助300万元: where the money comes from
        if _RE_DIMENSION.search(before) and m["unit"] in ("米", "公里", "千米", "厘米"):
            continue  # 路面宽4.5米: the size of what is built
        if _RE_PROJECT_AREA.search(ctx["sentence_head"] + before):
            continue  # 项目区涉及…姬桥四个村6000余亩: where a project lies and how large
        if _RE_EXPECTED.search(ctx["sentence_head"] + before):
            continue  # 项目建成后,年可增加村集体收入15万元: an expected yield
        if _RE_BENEFICIARIES.search(before) or _RE_MEETING.search(clause[m.end() : m.end() + 14]):
            continue  # 惠及群众3万人, 41名人大代表: who benefits or attends, not a commitment
        if _RE_SIGNERS.search(clause[m.end() : m.end() + 30]):
            continue  # 12个居民区书记签订…责任书: who signs a pledge
        if _suggestions(ctx["sentence_head"] + before, m.group(0)):
            continue  # 代表们…提出了…等方面建议12条: suggestions counted at a meeting
        if _candidates(before[_phrase_start(clause, m.start(), ",，;；") :], ""):
            continue  # 候选项目为12项: the candidates of a vote
        if _RE_QUOTA.search(before) or (m["num"] and _shortlist(clause, m)):
            continue  # 应选3项, 差额2项, 筛选出12项(12选10): the quota, margin and shortlist
        if _RE_BREAKDOWN.search(before):
            continue  # 共细分出171项目标任务: how the plan is broken down
        if ctx["section"] != "review" and _RE_PHRASE_PAST.search(
            before[_phrase_start(clause, m.start(), ",，;；") :]
        ):
            continue  # 继去年完成20户改造后: last year's figure in a plan sentence
        if not percent and _RE_COUNT_THRESHOLD.search(
            before[_phrase_start(clause, m.start(), "、,，;；") :]
        ):
            continue  # 实现20个村集体经济收入超过10万元: a threshold; the count is drafted
        if _RE_ATTENDANCE.search(before[_phrase_start(clause, m.start(), "、,，;；") :]):
            continue  # 应到代表45名, 实到41名: a meeting's attendance
        if m["unit"] in ("名", "人", "位") and _RE_ELECTED.search(
            before[_phrase_start(clause, m.start(), ",，;；") :]
        ):
            continue  # 选举产生了镇人大副主席1名、镇长1名: officials elected
        if m["unit"] in ("名", "人", "位") and _RE_STAFFING.search(
            before[_phrase_start(clause, m.start(), ",，;；") :]
        ):
            continue  # 党政机关编制37名, 在编27人: the staff of an office
        if _RE_BALLOT.search(before[_phrase_start(clause, m.start(), ",，;；") :]):
            continue  # 发出表决票102张: the votes of a meeting
        if _numbered_series(clause, m):
            continue  # 4栋、9栋等: building numbers, names of things
        if _RE_PER_HEAD.search(before[_phrase_start(clause, m.start(), "、,，;；") :]):
            continue  # 每人补助1000元: a rate of support, not a target
        if m["unit"] in ("次", "届") and re.match(
            r"(、[^,，;；。]{0,4}?)?(会议|全会|全体会议|代表大会|党代会)", clause[m.end() :]
        ):
            continue  # 人大三次、四次会议: sessions, not a count of work
        if read["kind"] == "direction":
            read["baseline_year"] = ctx["year"] - 1
        dist = _RE_DIST.search(before)
        seps = ",，;；" if dist else "、,，;；"
        start = _phrase_start(clause, m.start(), seps)
        lead = before[start : dist.start() if dist else m.start()]
        sub = bool(_RE_SUB.match(lead.strip())) and previous is not None
        annual, note = _annual(ctx, before, lead, sub)
        if note:
            notes.append(note)
        if re.search(r"(以上|以下)(?=[\u4e00-\u9fff])", lead):
            notes.append("短语中的“…以上/以下”是对象的限定语，不是目标值")
        if sub and previous is not None:
            notes.append(f"“其中”子目标：属于上一项（{previous['source_text']}），勿重复计分")
        base = {
            **read,
            "annual": annual,
            "deadline": _deadline(ctx["sentence_head"] + clause[: m.end()]),
        }
        if dist:
            items = _split_growth(lead) if growth else []
            items = items if len(items) > 1 else _split_items(lead)
        elif growth:
            items = _split_growth(lead)
        else:
            items = _split_parallel(lead, percent)
        if len(items) > 1:
            group = f"{ctx['section']}-g{m.start() + ctx['offset']}"
            how = f"“{dist['dist']}”分配" if dist else "“和”并列"
            for k, title in enumerate(items, 1):
                row = _base(
                    ctx,
                    start,
                    m.end(),
                    vals=m.span(),
                    title=title,
                    group=group,
                    confidence="medium" if confidence == "high" else confidence,
                    **base,
                )
                row["notes"] = "；".join(
                    [*notes, f"{how}：第 {k} 项（共 {len(items)} 项），标题请核对"]
                )
                out.append(row)
            previous = out[-1]
            continue
        if dist:
            notes.append(f"有“{dist['dist']}”但未找到并列项，请核对是否应拆成多项")
            confidence = "medium" if confidence == "high" else confidence
        title = _clean_title(lead)
        project = re.search(
            r"([^,，;；:：、“”]{2,20}(?:项目|工程))\s*[,，:：]?\s*$", clause[:start]
        )
        if re.fullmatch(r"(年度)?(计划|拟)?(投资|投入)(资金)?", title) and project:
            # 智慧安防织密网络项目,计划投入30万元: the money of the project named before
            title = f"{project.group(1)}{title}"[:40]
        if growth and not _RE_GROWTH_WORDS.sub("", title) and previous is not None:
            # 规模以上工业产值50亿元,同比增长16%: the growth of the figure before
            title = f"{_RE_GROWTH_WORDS.sub('', previous['title'])}增长"[:40]
        row = _base(ctx, start, m.end(), vals=m.span(), title=title, confidence=confidence, **base)
        if sub and previous is not None:
            row["_parent"] = previous
        row["notes"] = "；".join(notes) or None
        out.append(row)
        previous = row
    return out


def _respectively(
    ctx: dict[str, Any],
    chain: list[re.Match[str]],
    resp: re.Match[str],
    spellings: dict[str, str],
    units: UnitRegistry,
    warnings: list[str],
) -> list[dict[str, Any]]:
    """国家级、省级企业分别2家、5家: the k-th value belongs to the k-th noun, one group."""
    clause = ctx["clause"]
    first, last = chain[0], chain[-1]
    start = _phrase_start(clause, first.start(), ",，;；")
    lead = clause[start : resp.start()]
    items = _split_items(lead)
    shared = len(chain) == 1 and len(items) > 1
    if shared:
        # 新开工、新竣工重大项目分别不少于5个: one value for every item
        chain = chain * len(items)
    paired = len(items) == len(chain)
    group = f"{ctx['section']}-g{first.start() + ctx['offset']}"
    out: list[dict[str, Any]] = []
    first_kind: str | None = None
    for k, m in enumerate(chain, 1):
        read = _read_value(m, clause, spellings, units)
        if read is None:
            warnings.append(_unreadable(ctx, m.group(0)))
            continue
        notes: list[str] = read.pop("notes")
        confidence = read.pop("confidence")
        read.pop("percent")
        read.pop("growth")
        first_kind = first_kind or read["kind"]
        if first_kind in ("growth", "direction") and read["kind"] == "rate":
            # 分别增长8%和9%: every value of the list is a growth (or a decline)
            read["kind"] = first_kind
            if first_kind == "direction":
                read.update(comparator="<", target_value=None, direction="decrease")
        if read["kind"] == "direction":
            read["baseline_year"] = ctx["year"] - 1
        annual, note = _annual(ctx, clause[: first.start()], lead, False)
        if note:
            notes.append(note)
        if paired:
            title = items[k - 1]
            how = "“分别”后只有一个数值，各项相同" if shared else "“分别”对应"
            notes.append(f"{how}：第 {k} 项（共 {len(chain)} 项）{title}，标题请核对")
            confidence = "medium" if confidence == "high" else confidence
        else:
            title = f"{_clean_title(lead)}（第 {k} 个数值）"[:40]
            notes.append(
                f"“分别”后有 {len(chain)} 个数值，但前面列出 {len(items)} 项，"
                "无法一一对应，请对照原文拆分"
            )
            confidence = "low"
        row = _base(
            ctx,
            start,
            last.end(),
            vals=m.span(),
            title=title,
            group=group,
            confidence=confidence,
            annual=annual,
            deadline=_deadline(ctx["sentence_head"] + clause[: last.end()]),
            **read,
        )
        row["notes"] = "；".join(notes)
        out.append(row)
    return out


def _proposed_unit(word: str, mult: str | None) -> tuple[str, str, float] | None:
    """(unit as written, family, factor) for an unregistered unit, or None if unknown.

    ``万吨`` → (万吨, mass, 10000): the multiplier stays in the unit, as the text writes it.
    """
    if word not in _PROPOSED_UNITS:
        return None
    family, factor = _PROPOSED_UNITS[word]
    return f"{mult or ''}{word}", family, factor * _MULTIPLIERS.get(mult or "", 1.0)


def _unregistered(
    ctx: dict[str, Any], taken: list[dict[str, Any]], spellings: dict[str, str], warnings: list[str]
) -> list[dict[str, Any]]:
    """A number + a word that is not a registered unit: never dropped silently.

    A known unit of measure (``削减化肥200吨``, ``粮食产量1.2万吨``, ``新增充电桩200根``)
    gives a numeric target in that unit, medium confidence, and the unit is proposed for
    the plan folder's own ``units.yaml`` (:attr:`Draft.new_units`). Another word after a
    number in a commitment (``新增养老床位200栋位``) gives a low-confidence qualitative
    entry. Both are reported in the warnings.
    """
    clause = ctx["clause"]
    out: list[dict[str, Any]] = []
    for m in _RE_LOOSE_VALUE.finditer(clause):
        word = m["word"]
        if _in_quotes(clause, m.start()) or word in spellings or _NOT_UNITS.match(word):
            continue
        if re.fullmatch(r"\d+\.0", m["num"]) or _RE_NOT_UNIT_NOUN.match(word):
            continue  # 政务2.0系统, 数字化3.0: versions and names
        start = _phrase_start(clause, m.start(), "、,，;；")
        if _overlaps(taken + out, start, m.end(), ctx):
            continue
        if _RE_BENEFICIARIES.search(clause[: m.start()]):
            continue  # 建成后可解决周边3个村: who benefits
        if ctx["section"] != "review" and _RE_PHRASE_PAST.search(clause[start : m.start()]):
            continue  # 继去年完成20户改造后: last year's
        if _RE_ATTRIBUTE.search(clause[: m.start()]):
            continue  # 冷库库容达15000立方米, 年周转蔬菜40000吨: what a project is
        proposed = _proposed_unit(word, m["mult"]) if m["num"] != "一" else None
        committed = _RE_COMMIT_VERB.search(clause[start : m.start()]) or _strength(
            clause, m.start()
        )
        number = _number(m["num"])
        if proposed is not None and number is not None:
            unit, family, factor = proposed
            before = clause[: m.start()]
            qual = m["qual"] or ""
            notes = []
            if m["approx"] or qual in ("以上", "及以上") or _RE_PRE_AT_LEAST.search(before):
                kind, comp = "at_least", ">="
            elif qual in ("以内", "以下") or _RE_PRE_AT_MOST.search(before):
                kind, comp = "at_most", "<="
            elif qual == "左右" or re.search(r"(?<!节)(约|大约)$", before):
                kind, comp = "about", "~"
            else:
                kind, comp = "exact", "="
            label, base = _NEW_FAMILIES[family]
            notes.append(
                f"计量单位“{unit}”尚未登记：草稿已按数值提取，请在计划文件夹的 units.yaml 登记"
                f"（建议 量纲 {family}（{label}），1 {unit} = {factor:g} {base}）"
            )
            lead = clause[start : m.start()]
            annual, note = _annual(ctx, before, lead, False)
            if note:
                notes.append(note)
            warnings.append(
                f"{_where(ctx)}“{clause[start : m.end()]}”：计量单位“{unit}”未登记，"
                "已按数值提取并列入待登记单位（new_units）"
            )
            out.append(
                _base(
                    ctx,
                    start,
                    m.end(),
                    vals=m.span(),
                    title=_clean_title(lead),
                    kind=kind,
                    comparator=comp,
                    target_value=number,
                    unit=unit,
                    annual=annual,
                    deadline=_deadline(ctx["sentence_head"] + clause[: m.end()]),
                    confidence="low" if m["approx"] else "medium",
                    notes="；".join(notes),
                )
            )
            continue
        if not committed:
            continue
        written = m.group(0)
        warnings.append(
            f"{_where(ctx)}“{clause[start : m.end()]}”：“{word}”不是已登记的计量单位，"
            "已作为低可信度候选列出；如需按数值考核，请在 data/units.yaml 登记后重新提取"
        )
        out.append(
            _base(
                ctx,
                start,
                m.end(),
                vals=m.span(),
                title=_clean_title(clause[start : m.start()]),
                kind="qualitative",
                comparator="rated",
                confidence="low",
                notes=f"“{written}”中的“{word}”不是已登记的计量单位，未按数值提取："
                "请在 data/units.yaml 登记该单位后重新提取，或手工改为数值类目标",
            )
        )
    return out


#: Verbs that make a number before a noun a commitment: 完成2个一级微型消防站建设.
_RE_PRENOMINAL_VERB = re.compile(
    r"新增|新建|建成|建设|完成|培育|引进|招引|改造|整治|打造|创建|开展|举办|实施|推进|启用|遴选|"
    r"增配|配备|配置|安装|新开|开通|落地|签约|实现|提供|组织|发放|种植|招募|建立|设立|启动|"
    r"加快|收储|加装|增设|新设|维修|维护|更换|更新|清掏|修枝|修剪|疏通|清淤|清理|硬化|亮化|"
    r"绿化|美化|改建|扩建|新改建|补栽|栽植|铺设|修缮|修复|整修|救助|资助|慰问|帮扶|进行|打通|"
    r"贯通|提升|新修|修建|配建|建好|办好|办成|上线|投放|布设|设置|开设|开办|举行|改善|解决|"
    r"推动|抓好|共建|升级|优化|引导|购置|购买|采购|治理|培训|培养|整改|拆除|清运|疏浚|处置|排查|"
    r"吸纳|安置|筛查|检查|走访|新打|新挖|开挖|铺装|敷设|架设|埋设|接通|新\(改\)建|新（改）建|"
    r"体检|义诊|免费|满足|帮助|促进|扶持|转移|推荐|推出|油化|黑化|刷黑|拓宽|加宽|(?<![年比期])增加|增开|新辟|制作"
)
#: A count whose things pass a threshold written after it (实现20个村集体经济收入超过10万元):
#: the count is the commitment, the amount its threshold.
_RE_COUNT_THRESHOLD = re.compile(
    rf"(?:\d+|[{_CN_DIGITS}]+)(?:个|家|户|所|名)[^\d,，;；。、]{{1,14}}?(?:超过|达到|突破|超|达)\s*$"
)
#: Count and area units a number may carry before its noun (7项民生工程, 8000亩农田).
_RE_PRENOMINAL = re.compile(
    rf"(?P<about>约|大约|近)?{_NOT_AFTER}"
    rf"(?:(?P<lo>\d+(?:\.\d+)?|[一二两三四五六七八九十][{_CN_DIGITS}百千]*)\s*[-－—–~～至到]\s*)?"
    rf"(?P<num>\d+(?:\.\d+)?|[二两三四五六七八九十][{_CN_DIGITS}百千]*|一(?=[十百千万])[{_CN_DIGITS}百千]*|(?P<one>一)(?=[个处座所条台套间]))(?P<approx>余|多)?"
    r"(?P<mult>万)?(?:(?<=\d) (?=\S))?"
    r"(?P<unit>台套|辆次|人次|户次|场次|栋位|批次|公里|平方米|平米|公顷|个|项|家|座|所|条|"
    r"处|户|亩|间|套|台|辆|张|名|批|支|场|幢|栋|宗|件|盏|人|村|根|只|块|口|米|吨|本|棵|株|床|种|片|"
    r"组(?!织|团|建|合)|部(?![门署分委署长队位])|对(?![接标照口于象外话]))"
    # the noun ends where a run of quoted items goes on: “汉药路15公里油化”“…”
    r"(?P<qual>以上)?(?P<noun>(?!”“)[^,，;；。、:：\t|｜\s](?:(?!”“)[^,，;；。、:：\t|｜]){1,23})"
)
#: Nouns after a number that make a name or an aspect, not a quantity: 3个方面, 两个确立.
_RE_PRENOMINAL_NOT = re.compile(
    r"^(方面|领域|环节|维度|阶段|层面|步骤|原则|作用|意识|确立|维护|自信|结合|转变|突出|坚持|"
    # 突出两个加快, 全力决胜两个加快: a slogan of N aims, nothing counted
    r"加快|率先|领先|走在前列|"
    r"服务圈|分钟|小时|工作日|月|季度|百分点|倍|重点(?!项目|企业|产业|在建)|目标|字|大(?!型)|中心任务|"
    r"以下|以上|左右|多(?!层|功能|元|样|种|媒体)|余|"
    # 审议通过《…》等5项草案, 意见建议110条: a meeting's papers and the views it gathered
    r"草案|议案|决议|意见建议|意见和建议|"
    # 两个“零工小站”: a named facility is counted
    # (5.7公里“四好农村路”: a road built)
    r"“(?![^”]*(?:站|点|室|馆|园|家|屋|所|中心|小院|食堂|书屋|广场|基地|公园|路|桥|渠)”)[^”]*”"
    # (8场“线上”招聘会: a quoted word before the event counted)
    r"(?!项目|专项行动|行动|工程|活动|招聘会|培训班?|讲座|课堂|比赛|赛事|展演|集市))"
)


#: Nouns that make 一个 mean "a" (打造一个平台, 建立一个机制), not one thing built.
_RE_ONE_ABSTRACT = re.compile(
    r"平台|品牌|体系|机制|模式|格局|环境|氛围|理念|样板|标杆|示范|窗口|名片|高地|"
    r"目标|整体|系统|矩阵|生态|网络|闭环|共同体|链条|阵地|工程$"
)
#: A size written before its number (长1575米宽40米的绿道): an attribute of the thing built.
_RE_DIMENSION = re.compile(
    r"(?<![增成生延擅专队班局部站镇乡村市县区厂])(长|宽|高|深|厚|直径|长度|宽度)(约|达|为)?$"
)
#: Where a project lies, then its size: 项目区确定在…涉及伊家、姬桥四个村6000余亩.
_RE_PROJECT_AREA = re.compile(
    r"(项目区|项目范围|涉及|分布在|位于)[^。；;，,]{0,24}?"
    rf"(\d+|[{_CN_NUMERAL}]+)个?(村|社区|乡镇|镇|乡|街道|片区)(约|共|计)?$"
)
#: Units of a second quantity after a count of places (7个乡镇1000公里管网).
_SCOPE_UNITS = r"(?:公里|平方米|米|亩|公顷|个|项|户|座|处|条|所|家|吨|盏|套|台|辆|间|栋|幢|名|人)"


def _place_name(before: str, num: str, unit: str, after: str) -> bool:
    """Whether a Chinese numeral and 村/社区/小区/组 end the name of a place where the work is
    done (``计划在江科大二村实施``, ``于新河三组开展``): it follows a name after 在/于/到 and a
    verb follows it, so it counts nothing."""
    return bool(
        re.fullmatch(rf"[{_CN_DIGITS}]+", num)
        and unit in ("村", "组", "社区", "小区")
        and re.search(r"(在|于|到|对)[\u4e00-\u9fff]{1,8}$", before)
        and re.match(r"(实施|开展|建设|进行|试点|推行|安装|设置|落地|改造)", after)
    )


def _prenominal(
    ctx: dict[str, Any], taken: list[dict[str, Any]], spellings: dict[str, str]
) -> list[dict[str, Any]]:
    """A number before its noun after a commitment verb: 完成2个一级微型消防站建设,
    增配54个电动自行车充电设备、59个简易喷淋装置, 开展8000亩高标准农田建设项目.

    One exact (``以上``: at-least) target of medium confidence: the noun phrase after the
    number is the indicator, so the reading is less certain than a value at the end.
    """
    clause = ctx["clause"]
    out: list[dict[str, Any]] = []
    pos = 0
    while (m := _RE_PRENOMINAL.search(clause, pos)) is not None:
        noun_text, noun_end = m["noun"], m.end()
        pos = noun_end
        if _place_name(clause[: m.start()], m["num"], m["unit"], noun_text):
            continue  # 计划在江科大二村实施: a place named with a numeral
        if _RE_ATTRIBUTE.search(clause[: m.start()]):
            continue  # 社区工厂年产三十万个毛绒玩具加工项目: what the project can make
        scope = re.match(
            rf"([^\d{_CN_DIGITS}和及与、…]{{1,6}})\d+(?:\.\d+)?万?{_SCOPE_UNITS}", noun_text
        )
        place = r"(乡镇|镇|乡|村|社区|街道|小区|片区|区域|行政村|自然村|村组|组|县|区)"
        if scope and re.search(rf"{place}$", scope[1]):
            # 塘南等7个乡镇1000公里管网: the first count says where, the second how much
            pos = m.start("noun")
            continue
        # 8公里综合整治和20公里绿化提升, A3个…类街乡和B1个…类街乡, 3个停车场200个车位:
        # two quantities
        second = re.search(r"(和|及|与|以及)(?=[^\d,，;；。、]{0,6}\d)", noun_text)
        cut = second.start() if second else None
        if (
            second is None
            and scope
            and not re.fullmatch(r"(约|近|共|计|合计|总计|全长|总长|长|总面积|面积)", scope[1])
        ):
            cut = len(scope[1])
        if cut is not None:
            noun_text = noun_text[:cut]
            noun_end = pos = m.start("noun") + cut
        if m["one"] and not (
            re.search(
                r"(新建|建成|建设|新增|改建|扩建|打造|设立|建立|配建|安装|开设|增设|新设)$",
                clause[: m.start()],
            )
            and not _RE_ONE_ABSTRACT.search(noun_text)
        ):
            pos = m.start("noun")
            continue  # 一个 after no build verb, or before an abstract noun: "a", not 1
        if m["unit"] in ("支", "号", "横", "纵") and re.match(r"路|街|巷|弄", noun_text):
            pos = m.start("noun")  # 一、二、三支路背街100组摄像头: a road's name, then the count
            continue
        if re.match(r"\d", noun_text) and not re.match(r"\d", m["num"]):
            pos = m.start("noun")  # 子午、五台3个街道: a place name, not 5 台; read the 3个
            continue
        if _in_quotes(clause, m.start()) or _RE_PRENOMINAL_NOT.match(noun_text):
            continue
        if re.search(r"(这|上述|以上|该|此|前述)$", clause[: m.start()]):
            pos = m.start("noun")
            continue  # 这8个项目分别是: the count said before, referred to again
        if _RE_DIMENSION.search(clause[: m.start()]):
            continue  # 建设长1575米宽40米的休闲绿道: the size of what is built
        if (
            m["lo"]
            and m["unit"] in ("村", "组", "栋", "幢", "号")
            and re.search(r"[\u4e00-\u9fff]$", clause[: m.start("lo")])
            and not _RE_PRENOMINAL_VERB.search(clause[max(0, m.start("lo") - 2) : m.start("lo")])
        ):
            continue  # 银都1-7村小区: numbered villages, a name
        if _RE_BENEFICIARIES.search(clause[: m.start()]) or _RE_MEETING.search(noun_text):
            continue
        if m["unit"] in ("人", "名") and re.search(_RE_NAMED_PEOPLE, clause[: m.start()]):
            continue  # 种植能手张家品等两人发放奖励金: people named
        if m["unit"] in ("批", "期", "步", "轮") and re.search(r"分\s*$", clause[: m.start()]):
            continue  # 分三批实施: how the work is split
        if _RE_SIGNERS.search(noun_text):
            continue  # 12个居民区书记签订…责任书: who signs a pledge
        if noun_text.startswith("等") and re.search(
            rf"\d+{re.escape(m['unit'])}\s*、\s*$", clause[: m.start()]
        ):
            continue  # 4栋、9栋等: building numbers
        unit = spellings.get(m["unit"])
        proposed = _proposed_unit(m["unit"], None) if unit is None else None
        unit = unit or (proposed[0] if proposed else None)
        number = _number(m["num"])
        if unit is None or number is None:
            continue
        if m["mult"]:
            number *= _MULTIPLIERS["万"]
        comma = _phrase_start(clause, m.start(), ",，;；")
        # the things a sentence works on: A、B等26个重点项目, 总投资122亿元的29个重点项目
        listed = re.search(r"(等|的)$", clause[comma : m.start()]) or re.match(
            r"[^,，;；。、]{0,10}项目", noun_text
        )
        # 为45户残疾人家庭实施无障碍改造: the beneficiaries of the work the phrase names
        served = re.match(
            r"^(?:[（(]\d{1,2}[)）]|\d{1,2}[.、．)）])?\s*(计划|将|拟)?(为|对|给|帮助|向)",
            # 这8个项目分别是：对辖区12个老旧小区进行…改造: the item after a colon
            re.split(r"[：:]", clause[comma : m.start()])[-1],
        ) and (
            # 对辖区80条背街小巷破损路面、井盖…进行维修更换: the verb ends the phrase
            _RE_PRENOMINAL_VERB.search(re.split(r"[,，;；。]", clause[m.start("noun") :])[0])
        )
        if _candidates(clause[comma : m.start()], noun_text):
            continue  # 初定的20余件…民生实事: candidates, not the year's projects
        if _narrowed_by_vote(clause, m.start(), m.start("noun")):
            continue  # 确定10件民生实事项目,会上…票决出7件: the shortlist of the vote
        if _RE_BREAKDOWN.search(clause[: m.start()]):
            continue  # 分解为160项重点工作: how the plan is broken down
        if ctx["section"] != "review" and _RE_PHRASE_PAST.search(clause[comma : m.start()]):
            continue  # 在去年新建3个口袋公园的基础上: last year's figure
        if (
            ctx["section"] != "review"
            and re.search(r"[\u4e00-\u9fff](?<![为除])了(?!解)", clause[comma : m.start()])
            # 会议投票产生了A、三条村级道路提升: the year's projects a vote decided
            and not (
                re.search(
                    r"(投票|票决|表决)(产生|选出|出|确定|选定|通过)了[^,，;；。]*[、“][^、“”,，;；。]*$",
                    clause[comma : m.start()],
                )
                and not m["qual"]  # 3人以上居住出租房: a threshold naming what is worked on
                and re.search(rf"(?:{_RE_PRENOMINAL_VERB.pattern})$", noun_text)
            )
        ):
            continue  # 推出了…等五项核心制度: done already, reported news, not a commitment
        if served and re.search(
            r"\d+(?:\.\d+)?[万亿]?[\u4e00-\u9fff]{1,3}(?:以上)?$",
            re.split(r"[,，;；。]", clause[m.start("noun") :])[0],
        ):
            # 为全镇8所学校安装空调120台: whom the work is for; the count is the 120
            continue
        # 约12.3公里道路硬化: the action named after its object
        acted = re.search(rf"(?:{_RE_PRENOMINAL_VERB.pattern})$", noun_text) and not re.search(
            r"\d", noun_text
        )
        # *2家社区综合为老服务中心, *30个市民益智健身苑点、2片市民足球场: a bulleted item of
        # a list of the year's projects, the count first
        bulleted = re.match(r"\s*[*＊●■◆•▪·]\s*(?:[^,，;；。、]*、)?\s*$", clause[: m.start()])
        # 新建11座乡镇公共厕所,1座交通公厕,3座旅游公厕: the verb of the clause before goes on
        item = rf"\d+\s*{re.escape(m['unit'])}[^,，;；。\d]{{1,12}}"
        continued = not clause[comma : m.start()].strip() and re.search(
            rf"(?:{_RE_PRENOMINAL_VERB.pattern})[^,，;；。]*?{item}(?:[,，]\s*{item})*[,，]\s*$",
            ctx["sentence_head"] + clause[:comma],
        )
        if not _RE_PRENOMINAL_VERB.search(clause[comma : m.start()]) and not (
            listed or served or acted or continued or bulleted
        ):
            continue
        start = _phrase_start(clause, m.start(), "、,，;；")
        # the second of two quantities joined by 和 starts after the first one's phrase
        ends = [r["end"] - ctx["offset"] for r in out if r["end"] - ctx["offset"] <= m.start()]
        if ends and max(ends) > start:
            start = max(ends)
            start += len(re.match(r"(和|及|与|以及)?", clause[start:]).group(0))
        end = noun_end if cut is not None else _segment_end_any(clause, m.end())
        # a count before its noun in a phrase whose value at the end is read (新建2个口袋公园
        # 5000平方米): both are quantities of the phrase
        a, b = ctx["offset"] + m.start(), ctx["offset"] + m.start("noun")
        numbers_read = [span for r in taken for span in r.get("_vals") or []]
        if any(x < b and a < y for x, y in numbers_read) or _overlaps(
            out + [r for r in taken if not r.get("_vals") or r["kind"] not in NUMERIC_KINDS],
            start,
            end,
            ctx,
        ):
            continue
        # 完成不少于50户农房抗震改造: the comparator before the number
        floor = re.search(r"(不少于|不低于|至少|超过)\s*$", clause[: m.start()]) or (
            # 推出不少于200场演出、400场阅读推广活动: the floor after the verb heads the list
            re.search(
                rf"(?:{_RE_PRENOMINAL_VERB.pattern})(不少于|不低于|至少)\s*\d",
                clause[comma : m.start()],
            )
            and re.search(r"(、|以及|和|及)\s*$", clause[: m.start()])
        )
        at_least = bool(m["qual"] or m["approx"] or m["lo"] or floor)
        lo = _number(m["lo"]) if m["lo"] else None
        if m["lo"] and lo is None:
            continue
        verbs = _RE_PRENOMINAL_VERB.findall(clause[comma : m.start()])
        progress_only = (
            bool(verbs)
            # 建设100个…设施 builds them; only 推进/启动 alone is work under way
            and all(v in ("推进", "启动") or (v == "建设" and len(verbs) > 1) for v in verbs)
            # 实施十件民生实事项目: the count of the year's projects is the commitment
            and not re.match(r"[^,，;；。]{0,8}(民生实事|实事)", noun_text)
        )
        noun = re.sub(r"(建设|工作|任务)$", "", noun_text).strip("“”")
        lead = clause[start : m.start()]
        annual, note = _annual(ctx, clause[: m.start()], lead, False)
        written = clause[m.start("num") if not m["lo"] else m.start("lo") : m.start("noun")]
        kind, comp = ("at_least", ">=") if at_least else ("exact", "=")
        if m["about"] and not at_least:
            kind, comp = "about", "~"
        value = min(lo, number) if lo is not None else number
        how = {"at_least": "不低于", "exact": "确数", "about": "左右"}[kind]
        notes = [f"数字在名词前（“{written}”）：按{how} {value:g}{unit}提取，指标名称请核对"]
        if m["lo"]:
            notes.append(f"原文为区间“{written}”：按下限 {value:g}{unit} 作为不低于目标，请核对")
        elif m["approx"]:
            notes.append(
                f"“{written}”是约数（“{m['approx']}”）：按不低于 {value:g}{unit} 提取，请核对"
            )
        elif m["about"]:
            notes.append(
                f"“{m['about']}{written}”：按 {value:g}{unit} 左右提取，容差按计分规则的默认容差"
            )
        if note:
            notes.append(note)
        if progress_only:
            # 统筹推进两个未来社区建设: work under way on N things, not N things done
            out.append(
                _base(
                    ctx,
                    start,
                    end,
                    vals=(m.start(), m.start("noun")),
                    title=_clean_title(clause[start:end]),
                    kind="qualitative",
                    comparator="rated",
                    confidence="low",
                    notes=f"原文只写“推进/实施”，含数量“{m['num']}{m['unit']}”：作定性候选；"
                    f"如需按数量考核，改为 exact {number:g}{unit}",
                )
            )
            continue
        out.append(
            _base(
                ctx,
                start,
                end,
                vals=(m.start(), m.start("noun")),
                title=_clean_title(f"{_RE_PRENOMINAL_VERB.sub('', lead)}{noun}") or noun,
                kind=kind,
                comparator=comp,
                target_value=value,
                unit=unit,
                annual=annual,
                deadline=_deadline(ctx["sentence_head"] + clause[: m.end()]),
                confidence="low" if (m["approx"] or m["lo"]) else "medium",
                notes="；".join(notes),
            )
        )
    return out


#: A rate of support (每人补助1000元, 补助标准为每户500元): not a target.
_RE_PER_HEAD = re.compile(
    r"(每人|每户|每名|每个|每村|每月|每次|每亩|"
    # 补助标准为每户500元, 标准提高到: a rate; not 高标准农田, 标准化卫生室
    r"(补助|补贴|救助|保障|奖补|资助|奖励|发放|供养)标准|(?<!高)标准(为|是|提高到|提高至|达到|按))"
    r"[^,，;；。]{0,8}$"
)
#: Ballots of a vote (发出表决票102张, 赞成票98票, 赞成率96%): not a commitment.
_RE_BALLOT = re.compile(
    r"表决票|选票|赞成票|反对票|弃权票|有效票|赞成率|得票|票数|票决率|通过率|收回|发出"
)
#: Candidates of a vote (候选项目12项, 初定的20余件): not the year's projects.
_RE_CANDIDATE = re.compile(r"候选|初定|征集|初选|备选|推荐|拟定|海选|提交|提报")
#: The quota and margin of a vote (应选3项, 差额2项): the chosen count is stated apart.
_RE_QUOTA = re.compile(r"(应选|差额|等额)[^,，;；。]{0,4}$")
#: Progress within the year (截至目前, 截至6月底): neither a target nor last year's figure.
_RE_PROGRESS = re.compile(
    r"截[至止]\s*(目前|发稿|当前|现在|今年?\s*\d{1,2}\s*月|\d{1,2}\s*月)|(今年|年初|开年)以来|"
    r"目前[^。；;]{0,12}?已经?(完成|累计|投入|建成|开工|办结|实施|落实)"
)
#: A clause telling the work done so far (现工程已完成1420户, 约15万平方米): progress for
#: its own numbers and those after it, not for the sentence before it.
_RE_PROGRESS_NOW = re.compile(
    r"(?:^|[,，;；:：])\s*(现|现在|当前|至今)[^。；;,，]{0,8}?已经?"
    r"(完成|累计|投入|建成|开工|办结|实施|落实)"
)

#: A clause of progress news narrating work delivered (此次交付的11部电梯, 两部加装电梯正式投入
#: 运行, 5台电梯正式建成并投入使用, 2025年以来街道累计完成30台, 在批的加装电梯达到61台): the
#: figures are how far the work is, never targets (unless the sentence plans: 将, 计划, 力争).
_RE_DELIVERED = re.compile(
    r"(此次|本次)[^。；;,，]{0,6}?(交付|建成|完工|竣工)|正式(投入运行|投入使用|建成|交付)|"
    r"建成并投入使用|在批的"
)
_RE_DONE_SINCE = re.compile(r"(以来|至今)[^。；;]{0,20}?累计完成")
_RE_PLANNED_WORD = re.compile(r"将|要|计划|力争|确保|预计|争取|拟|目标")

#: The share of one project done so far (一处公厕完成85%), in a sentence telling work done
#: (目前…已建设完工): progress, not a rate to reach (not 覆盖率完成95%, 力争完成80%).
_RE_SHARE_DONE = re.compile(
    r"(?:^|[,，;；:：])\s*(?:(?!率|覆盖|比例|占比|力争|确保|争取|计划|将|要|年底|年内)"
    r"[^。；;,，\d]){0,10}?(?:已经?)?(?:完成|完工)了?\s*(?:约|近)?\d+(?:\.\d+)?\s*[%％]"
)
_RE_SENTENCE_DONE = re.compile(r"目前|现已|已经?(?:建设)?(?:完工|完成|建成|竣工)")

#: A clause whose own verb says the work is done (已完成85%, 今年已实施…项目48个, 已全部建成):
#: not before 的 (对已建成的10个公园进行提升: what is there, the work is still to do).
_RE_CLAUSE_DONE = re.compile(
    r"(?<![未尚没不])已经?(?:全部|基本|顺利|累计|先后)?(?:完成|实施|建成|新建|改造|安装|开展|"
    r"落实|发放|惠及|解决|办结|投入|竣工|完工|交付|培训|走访|帮扶|新增|招引|引进|签约|开挖|"
    r"铺设|硬化|帮助解决|种植|栽植)"
    r"(?![^。；;，,\d]{0,8}的)(?=[^。；;，,]*?\d)"
    # 目前已有涉及18个村的3360户煤改气改造完成: the work done so far
    r"|已有(?=[^。；;，,]*?\d[^。；;，,]*?(?:完成|完工|建成|竣工|投用|投入使用))"
    # 全镇共建成示范园1123亩, 共计完成清桉面积7977.8亩: the sum of work done
    r"|(?<!全年)(?<!今年)共计?(?:完成|建成|新建|种植|改造|实施|投入)(?=[^。；;，,]*?\d)"
    # 124亩高标准农田改造也正在进行: under way now; 完工建设50.52公里: a progress cell
    r"|(?<=\d)[^。；;，,|｜\d]{0,30}?(?:也|均|都)?正在(?:进行|施工|建设)(?=\s*(?:[。；;，,|｜]|$))"
    r"|(?<![未尚没不])完工建设(?=\s*\d)"
)
#: How far a piece of work is (坟墓迁移进度达60%, 工程进度已完成70%): progress, not a rate.
_RE_PROGRESS_SHARE = re.compile(
    r"进度(?:已经?)?(?:达到?|为|完成|超过)\s*(?:约|近)?\d+(?:\.\d+)?\s*[%％]"
)


def _done_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clauses, or pieces of clauses, that tell work done (:func:`_done_pieces`), as spans:
    南昌路120号老旧街区改造项目已完成85%, 今年已实施…项目48个, 坟墓迁移进度达60%, whatever
    the rest of their sentence plans. A clause whose every figure is in such a piece is one
    span; else each piece is (今年计划新建口袋公园10个,已完成5个: only the second)."""
    spans: list[tuple[int, int]] = []
    for c_off, clause, _ in _clauses(text, start, end):
        # 水稻下达13118亩,完成13120亩 / 任务数5242亩,完成24.6%: the figure done beside the
        # task handed down
        cuts = [0] + [m.end() for m in re.finditer(r"[,，、]", clause)] + [len(clause) + 1]
        for k in range(1, len(cuts) - 1):
            piece = clause[cuts[k] : cuts[k + 1] - 1]
            if re.search(r"(下达|任务数?)\s*\d", clause[cuts[k - 1] : cuts[k]]) and re.match(
                r"\s*(?:已经?)?完成[^,，;；。\d]{0,12}\d", piece
            ):
                spans.append((c_off + cuts[k], c_off + cuts[k] + len(piece)))
        pieces = _done_pieces(clause)
        if not pieces:
            continue
        rest = clause
        for a, b in reversed(pieces):
            rest = rest[:a] + rest[b:]
        if re.search(rf"\d|{_CN_NUM}\s*(?![月日年])(?:{_RE_MEASURE})", rest):
            spans += [(c_off + a, c_off + b) for a, b in pieces]
        else:
            spans.append((c_off, c_off + len(clause)))
    return spans


def _done_pieces(clause: str) -> list[tuple[int, int]]:
    """The pieces of a clause (between commas, or the cells of a table row) that tell work
    done (已完成85%, 进度达60%, 已实施…48个) and plan nothing, as (start, end) in the clause.

    >>> c = "南昌路120号改造项目已完成85%,其他后续改造正在按计划推进"
    >>> [c[a:b] for a, b in _done_pieces(c)]
    ['南昌路120号改造项目已完成85%']
    >>> c = "今年计划新建口袋公园10个,已完成5个"
    >>> [c[a:b] for a, b in _done_pieces(c)]
    ['已完成5个']
    >>> _done_pieces("对已建成的10个公园进行提升")
    []
    """
    found: list[tuple[int, int]] = []
    for m in list(_RE_CLAUSE_DONE.finditer(clause)) + list(_RE_PROGRESS_SHARE.finditer(clause)):
        a = max(clause.rfind(c, 0, m.start()) for c in ",，\t|｜") + 1
        ends = [i for i in (clause.find(c, m.end()) for c in ",，\t|｜") if i >= 0]
        b = min(ends) if ends else len(clause)
        if not _RE_PLANNED_WORD.search(clause[a:b]) and (a, b) not in found:
            found.append((a, b))
    return sorted(found)


#: A plan broken down into tasks (分解为160项重点工作, 共细分出171项): background, no target.
_RE_BREAKDOWN = re.compile(
    r"(分解为|分解成|分解出|细分为|细分出|细化为|细化出|梳理出|梳理为)[^,，;；。\d]{0,2}$"
)


#: Last year named in the phrase of a number (在去年新建3个…的基础上, 继去年完成20户改造后):
#: that number is last year's, not a comparison (比去年, 较上年).
_RE_PHRASE_PAST = re.compile(
    r"(?<![比较与同和])(去年|上年度?|上一年度?)(?!同期|的?水平|的?基础|的?基数|翻)"
)


def _shortlist(clause: str, m: re.Match[str]) -> bool:
    """Whether a number is the shortlist of an N选M vote: 筛选出12项,12选10进行票决."""
    return bool(re.search(rf"(?<![\d.]){re.escape(m['num'])}\s*选\s*\d", clause))


def _from_pool(lead: str, after: str) -> bool:
    """Whether a count is the pool a vote chose from: 从12项民生实事中差额票决出10项."""
    return bool(re.search(r"从\s*$", lead) and re.match(r"[^,，;；。]{0,12}中", after))


def _candidates(lead: str, after: str) -> bool:
    """Whether a number counts the candidates of a vote: 候选项目为12项, 12个候选项目, and
    not 从12个候选项目中票决产生了…8件 (the chosen ones)."""
    if re.match(r"[^,，;；。]{0,4}(候选|初定|备选|初选)", after):
        return True
    if _from_pool(lead, after):
        return True
    found = list(_RE_CANDIDATE.finditer(lead))
    if not found:
        return False
    return not re.search(r"产生|确定|票决|票选|选出|选定|通过|中", lead[found[-1].end() :])


#: A count of projects chosen by a vote later in the sentence: 票决出7件民生实事项目.
_RE_VOTED_COUNT = re.compile(
    r"(票决|表决|投票|票选)[^,，;；。]{0,4}?(出|产生|选出|确定|通过)了?[^,，;；。\d]{0,8}?"
    rf"(?P<num>\d+|[{_CN_DIGITS}][{_CN_DIGITS}百]*)\s*[件项个]"
)


def _narrowed_by_vote(text: str, a: int, b: int) -> bool:
    """Whether the count of projects ``text[a:b]`` is the shortlist a vote later in the same
    sentence narrows: 确定10件民生实事项目,会上,以无记名投票方式票决出7件民生实事项目."""
    number = _number(re.sub(r"[件项个]$", "", text[a:b]).strip())
    if number is None or not re.match(r"[^,，;；。]{0,6}(民生实事|实事|项目)", text[b:]):
        return False
    stop = re.compile(r"[。！？\n]").search(text, b)
    rest = text[b : stop.start() if stop else len(text)]
    m = _RE_VOTED_COUNT.search(rest)
    return bool(m) and (_number(m["num"]) or number) < number


#: The count of the year's projects: 实施十件民生实事项目, 票决产生了两项2024年民生实事项目,
#: 十大民生实事项目, 10个民生项目.
_RE_PROJECT_COUNT = re.compile(
    # 52021年街道民生实事项目: a count run together with the year in the source (5 + 2021年)
    rf"{_NOT_AFTER}(?P<num>\d+|[{_CN_DIGITS}][{_CN_DIGITS}百]*)"
    # 的 8 项镇政府民生实事项目: a digit set apart by spaces
    r"(?:(?<=\d) (?=[件项个]))?"
    r"(?P<unit>件|项|个|大|(?<=\d)(?=20\d\d\s*年))"
    r"(?P<mid>[^\d,，;；。、：:“”]{0,14}?(?:20\d\d\s*年度?)?[^\d,，;；。、：:“”]{0,6}?)"
    r"(?P<noun>民生实事|实事项目|民生项目|为民办实事|惠民实事|民生工程|民心工程|民生大事|应选项目|"
    r"当选项目|实事|"
    # 确定了今年包括A、B、C、D四件重点工程,纳入了为民办实事项目: projects the sentence then
    # names as its 实事
    r"(?:重点)?(?:工程|项目)(?=[,，]?[^。；;，,]{0,8}(?:民生实事|实事项目|办实事)))"
)


#: A slogan naming the count of projects: 民生“十心”实事, “六个一”工程.
_RE_PROJECT_SLOGAN = re.compile(
    rf"“\s*(?P<num>[{_CN_DIGITS}]+)(?P<word>(?![件项个大])[\u4e00-\u9fff]{{1,2}})\s*”\s*"
    r"(?:民生)?(?:实事|实事项目)"
)
#: The count after the noun, in a sentence saying it was decided: 确定…民生实事项目4个.
_RE_PROJECT_COUNT_AFTER = re.compile(
    r"(?P<noun>民生实事项目|民生实事|实事项目|民生项目|民心工程)(?P<mid>[^\d,，;；。、：:“”]{0,2}?)"
    rf"(?P<num>\d+|[{_CN_DIGITS}][{_CN_DIGITS}百]*)(?P<unit>件|项|个)(?!\d)"
)


def _project_counts(
    ctx: dict[str, Any], taken: list[dict[str, Any]], decided: bool = False
) -> list[dict[str, Any]]:
    """The number of the year's projects: 实施十件民生实事项目, 十大民生实事项目 (项), one
    exact count of medium confidence; candidates (候选项目12项) are not counted. With
    ``decided``, also the count after the noun in a phrase saying it was decided
    (``确定…民生实事项目4个,目前均已完工``: a progress item names the year's projects)."""
    clause = ctx["clause"]
    out: list[dict[str, Any]] = []
    if decided:
        for m in _RE_PROJECT_COUNT_AFTER.finditer(clause):
            start = _phrase_start(clause, m.start(), "、,，;；")
            if not re.search(r"确定|票决|选出|选定|产生|决定|通过", clause[start : m.start()]):
                continue
            if _RE_CANDIDATE.search(clause[start : m.start()]):
                continue
            number = _number(m["num"])
            if number is None or not 1 <= number <= 100:
                continue
            row = _base(
                ctx,
                start,
                m.end(),
                vals=(m.start("num"), m.end()),
                title="民生实事项目数",
                kind="exact",
                comparator="=",
                target_value=number,
                unit=m["unit"],
                confidence="medium",
                notes=f"项目数（“{m['num']}{m['unit']}”）：按确数 {number:g}{m['unit']}提取，"
                "请核对是否为本年度实施的项目数",
            )
            row["_count"] = True
            out.append(row)
    for m in _RE_PROJECT_SLOGAN.finditer(clause):
        # 2025年民生“十心”实事: ten projects named by a slogan
        number = _number(m["num"])
        a, b = ctx["offset"] + m.start("num"), ctx["offset"] + m.end("num")
        if number is None or not 1 <= number <= 100 or _candidates(clause[: m.start()], ""):
            continue
        if any(x < b and a < y for r in taken + out for x, y in r.get("_vals") or []):
            continue
        start = _phrase_start(clause, m.start(), "、,，;；")
        row = _base(
            ctx,
            start,
            m.end(),
            vals=(m.start("num"), m.end("num")),
            title="民生实事项目数",
            kind="exact",
            comparator="=",
            target_value=number,
            unit="项",
            confidence="medium",
            notes=f"项目数（“{m['num']}{m['word']}”是项目的统称）：按确数 {number:g}项提取，"
            "请核对是否为本年度实施的项目数",
        )
        row["_count"] = True
        out.append(row)
    pos = 0
    while (m := _RE_PROJECT_COUNT.search(clause, pos)) is not None:
        # a count passed over leaves its words to the next one: 两个项目数中确定一个应选项目
        pos = m.end("unit")
        # “十件民生实事”, 为民“10件实事”: a quote that is the count itself
        quoted = (
            re.search(r"“(20\d\d\s*年度?[^“”,，;；。]{0,8})?$", clause[: m.start()]) is not None
            and "”" not in clause[m.start() : m.end()]
        )  # “十件民生实事”, “2021年实施的10件民生实事项目”
        if (_in_quotes(clause, m.start()) and not quoted) or _RE_CANDIDATE.search(m["mid"]):
            continue
        if _from_pool(clause[: m.start()], clause[m.end("unit") :]):
            continue  # 从12项民生实事中票决出: the pool, not the year's projects
        if m["noun"] == "实事" and m["mid"]:
            continue  # 开展5项活动为群众办实事: 实事 alone counts only right after the number
        if re.search(r"(这|这些|上述|前述)\s*$", clause[: m.start()]):
            continue  # 这四件民生实事进展如何: the count said before, referred back to
        if m["num"] == "一" and clause[: m.start()].endswith("每"):
            continue  # 每一件实事项目都从便民利民出发: each of them, no count
        if re.match(r"[^,，;；。]{0,2}(候选|备选|提案|建议|意见)", clause[m.end() :]):
            continue  # 15项民生实事候选项目, 50项民生实事提案: candidates and proposals
        comma = _phrase_start(clause, m.start(), ",，;；")
        if _candidates(clause[comma : m.start()], ""):
            continue
        number = _number(m["num"])
        if number is None or not 1 <= number <= 100:
            continue
        if not m["unit"] and (len(m["num"]) > 2 or not m["num"].isdigit()):
            continue  # only one or two digits run together with a year are a count
        if _narrowed_by_vote(clause, m.start(), m.end("unit")):
            continue  # 确定10件民生实事项目,会上…票决出7件: the shortlist of the vote
        start = _phrase_start(clause, m.start(), "、,，;；")
        end = m.end()
        if re.match(r"项目", clause[end : end + 2]):
            end += 2
        # 十件民生实事共计划投资3.5亿元: the count stands beside a value read in its phrase
        a, b = ctx["offset"] + m.start(), ctx["offset"] + m.start("mid")
        if any(x < b and a < y for r in taken + out for x, y in r.get("_vals") or []):
            continue
        if _overlaps(out, m.start(), m.end(), ctx) or any(
            r["start"] < b and a < r["end"] and not r.get("_vals") for r in taken
        ):
            continue
        unit = "项" if m["unit"] in ("大", "") else m["unit"]
        row = _base(
            ctx,
            start,
            end,
            vals=(m.start(), m.start("mid")),
            title="民生实事项目数",
            kind="exact",
            comparator="=",
            target_value=number,
            unit=unit,
            confidence="medium",
            notes=(
                f"项目数（“{m['num']}{m['unit']}”）：按确数 {number:g}{unit}提取，"
                "请核对是否为本年度实施的项目数"
                if m["unit"]
                else f"项目数（原文“{m['num']}”与年份连写）：按确数 {number:g}{unit}提取，"
                "请核对原文"
            ),
        )
        row["_count"] = True
        out.append(row)
    return out


#: One thing built in each of N places: 11个村(社区)…分别建设一个“橘乡小院”.
_RE_EACH_ONE = re.compile(
    rf"(?P<num>\d+|[{_CN_DIGITS}]+)个(?P<place>(?:行政)?村(?:\s*[(（]\s*社区\s*[)）])?|社区|村居|"
    r"村\s*[(（]\s*居\s*[)）]|镇街|乡镇|街道|小区)(?P<mid>[^。；;]{0,30}?)"
    r"(?:分别|各自?|每个村?(?:\s*[(（]\s*社区\s*[)）])?都?)\s*(?P<verb>建设|新建|建成|打造|建立|设立|配建|配备|安装)"
    r"(?P<one>[一1])(?P<unit>个|处|座|所|套|台|间)(?P<noun>[^,，;；。]{1,24})"
)


def _each_one(
    ctx: dict[str, Any], taken: list[dict[str, Any]], spellings: dict[str, str]
) -> list[dict[str, Any]]:
    """One thing built in each of N places (``11个村(社区)…分别建设一个“橘乡小院”``): N of
    them, an exact count of medium confidence."""
    clause = ctx["clause"]
    out: list[dict[str, Any]] = []
    for m in _RE_EACH_ONE.finditer(clause):
        number = _number(m["num"])
        unit = spellings.get(m["unit"], m["unit"])
        if number is None or number < 2:
            continue
        spans = [(m.start("num"), m.end("place")), (m.start("one"), m.end("unit"))]
        if any(
            ctx["offset"] + a < y and x < ctx["offset"] + b
            for r in taken
            for x, y in r.get("_vals") or [(r["start"], r["end"])]
            for a, b in spans
        ):
            continue
        start = _phrase_start(clause, m.start(), "、,，;；")
        noun = _clean_title(m["noun"].strip('“”"')) or m["noun"]
        out.append(
            _base(
                ctx,
                start,
                m.end(),
                vals=spans,
                title=noun,
                kind="exact",
                comparator="=",
                target_value=number,
                unit=unit,
                confidence="medium",
                notes=f"“{m['num']}个{m['place']}……{m.group('verb')}{m['one']}{m['unit']}”："
                f"每处一{m['unit']}，按确数 {number:g}{unit}提取，请核对",
            )
        )
    return out


#: The money of one project opening its item: 投资42万元维修…, 计划投入30万元对…改造.
_RE_PROJECT_MONEY = re.compile(
    r"(?:^|(?<=[、,，;；:：“\s])|(?<=实施|推进|启动|开工|建设))"
    r"(?P<verb>(?:计划|拟)?(?:投资|投入)(?:资金)?|(?:本年度|年度|今年)总投资)(?P<about>约|近)?"
    r"(?P<num>\d+(?:\.\d+)?)(?P<mult>万|亿)?元"
    # followed by what the money does (维修…, 对…, 用于…) or the projects it is for (的11项
    # 村级电网改造工程), not a threshold (以上项目, 的企业)
    r"(?=[\u4e00-\u9fff,，;；。、\s]|$)(?!以上|以下|及以上|左右|级|规模|企业|项目|工业|产业|大项目)"
    r"(?!的(?!\s*(?:\d+|[一二三四五六七八九十两]+)\s*[项个件处座条]))"
)


def _project_money(ctx: dict[str, Any], taken: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The money a project item opens with (``投资42万元维修马庄街…共计3500余米``): the
    item's planned investment, an at-least target of medium confidence; the quantity read
    after it in the same phrase then quotes only its own words."""
    clause = ctx["clause"]
    out: list[dict[str, Any]] = []

    def text_between(a: int, b: int) -> str:
        return clause[a - ctx["offset"] : b - ctx["offset"]]

    for m in _RE_PROJECT_MONEY.finditer(clause):
        a, b = ctx["offset"] + m.start("num"), ctx["offset"] + m.end()
        if any(x < b and a < y for r in taken for x, y in r.get("_vals") or []):
            continue
        if _RE_PROGRESS.search(ctx["sentence_head"] + clause[: m.start()]) or (
            _RE_PROGRESS_NOW.search(ctx["sentence_head"] + clause[: m.start()])
        ):
            continue
        if not re.match(r"[\u4e00-\u9fff]", clause[m.end() : m.end() + 1]) and not re.match(
            r"计划|拟", m["verb"]
        ):
            continue  # 投资42万元。 alone may be what a project cost: only 计划投入30万元
        number = _number(m["num"])
        if number is None or number <= 0:
            continue
        unit = f"{m['mult'] or ''}元"
        about = bool(m["about"])
        name = re.search(
            r"([^,，;；:：、“”]{2,20}(?:项目|工程))\s*[,，:：]?\s*$", clause[: m.start()]
        )
        row = _base(
            ctx,
            m.start(),
            m.end(),
            vals=(m.start("num"), m.end()),
            title=f"{name.group(1) if name else '项目'}计划投资",
            kind="about" if about else "at_least",
            comparator="~" if about else ">=",
            target_value=number,
            unit=unit,
            confidence="medium",
            notes=f"逐个项目的投资（“{m.group(0)}”）：按{'左右' if about else '不低于'}"
            f" {number:g}{unit} 提取，请核对是否为本年度计划投资",
        )
        out.append(row)
        for r in taken:
            # 投资42万元维修…共计3500余米: the length quotes its own words, not the money
            if (
                r["start"] <= row["start"] < r["end"]
                and r["end"] > row["end"]
                and not text_between(r["start"], row["start"]).strip('“"「 ')
            ):
                cut = row["end"] - r["start"]
                r["source_text"] = r["source_text"][cut:]
                r["start"] = row["end"]
    return out


#: Column headers of a flattened table (one cell per line): 序号, 项目名称, 年度计划投资（万元）.
_RE_TABLE_HEAD = re.compile(
    r"^(序号|编号|项目名称|名称|项目|建设内容|建设内容及规模|主要内容|实施内容|内容|"
    r"[^，。,；;]{0,8}投资[^，。,；;]{0,8}|责任单位|牵头单位|责任领导|配合单位|实施单位|"
    r"完成时限|时限|时间节点|备注|地点|实施地点|[^，。,；;]{0,6}目标[^，。,；;]{0,6}|"
    r"数量|建设规模|规模|工程量|任务量|单位|计量单位|长度|面积|"
    r"进展情况|进度|进展|完成情况|实施进度|推进情况|当前进度|进度情况)$"
)
#: A quantity column of a flattened table (数量, 建设规模（公里）): its cells are targets.
_RE_QUANTITY_HEAD = re.compile(r"^(数量|建设规模|规模|工程量|任务量|长度|面积)")


#: A column of a progress table that holds the year's task: 全年目标任务, 主要任务, 项目内容.
_RE_TASK_COLUMN = re.compile(
    r"^(?:全年|年度)?(?:目标任务|主要任务|工作任务|重点任务|具体任务|任务内容|目标|任务|项目内容|"
    r"建设内容|工作内容|实施内容|主要内容)$"
)
#: A column of a progress table that tells how far the work has got: 1-10月推进情况, 工作进展.
_RE_PROGRESS_COLUMN = re.compile(r"进展|推进情况|完成情况|进度|取得成效|执行情况|落实情况")


def _table_columns(
    text: str, body_start: int
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The task cells and the other cells of a flattened progress table, as spans.

    A report of the year's tasks as a table (重点民生实事项目推进情况, 重点任务第一季度进展情况)
    loses its layout on a web page: the header cells (序号 / 主要任务 / 全年目标任务 /
    牵头单位 / 1-10月推进情况 …) come one per line or per paragraph, then the cells of each
    row. The column of the task holds the year's targets; the others tell the progress, the
    measures and who is in charge. Found only under a header that names both a task column
    (:data:`_RE_TASK_COLUMN`) and a progress column (:data:`_RE_PROGRESS_COLUMN`). Rows are
    lined up with the header by their number (序号) where there is one, cell by cell where
    there is not; a numbered row whose cells do not match the header has its first cell as the
    task, and its other cells are read as any text is.
    """
    # one cell per line (a row set out on one line, cells apart by |, is read elsewhere)
    cells: list[tuple[int, str]] = []
    for pos, line in _lines(text):
        if pos < body_start or not line.strip():
            continue
        found = [m for m in re.finditer(r"[^|｜\t]+", line) if m.group(0).strip()]
        if len(found) != 1:
            cells.append((pos, "|"))  # not a table of one cell per line: breaks a header
            continue
        m = found[0]
        cells.append(
            (pos + m.start() + len(m.group(0)) - len(m.group(0).lstrip()), m.group(0).strip())
        )
    tasks: list[tuple[int, int]] = []
    others: list[tuple[int, int]] = []
    i = 0
    while i < len(cells):
        head: list[str] = []
        j = i
        while (
            j < len(cells)
            and len(re.sub(r"\s", "", cells[j][1])) <= 16
            and not re.search(r"[。；;，,|]|\d{3,}", cells[j][1])
            and not (head and re.fullmatch(r"\d{1,3}", cells[j][1]))
        ):
            head.append(re.sub(r"\s", "", cells[j][1]))
            j += 1
        task_col = next((k for k, h in enumerate(head) if _RE_TASK_COLUMN.match(h)), None)
        done_cols = {k for k, h in enumerate(head) if _RE_PROGRESS_COLUMN.search(h)}
        if len(head) < 3 or task_col is None or not done_cols:
            i = max(j, i + 1)
            continue
        numbered = head[0] in ("序号", "编号", "序")
        width = len(head)
        k = j
        if numbered:
            rows: list[list[tuple[int, str]]] = []
            while k < len(cells) and re.fullmatch(r"\d{1,3}", cells[k][1]):
                n = int(cells[k][1])
                nxt = next((x for x in range(k + 1, len(cells)) if cells[x][1] == str(n + 1)), None)
                end = nxt if nxt is not None else len(cells)
                rows.append(cells[k:end])
                k = end
            for row in rows:
                body = row[1:]
                if not body:
                    continue
                if len(row) == width:
                    tasks += [(p, p + len(c)) for x, (p, c) in enumerate(row) if x == task_col]
                    others += [
                        (p, p + len(c)) for x, (p, c) in enumerate(row) if x != task_col and x != 0
                    ]
                    continue
                # cells missing or split: the first is the task; the others are read as
                # any text is (a progress part, work told as done)
                p, c = body[0]
                tasks.append((p, p + len(c)))
        else:
            while k + width <= len(cells):
                row = cells[k : k + width]
                for x, (p, c) in enumerate(row):
                    (tasks if x == task_col else others).append((p, p + len(c)))
                k += width
        i = max(k, j)
    return tasks, [(a, b) for a, b in others if text[a:b] != "|"]


def _without(spans: list[tuple[int, int]], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` with the parts inside ``holes`` taken out.

    >>> _without([(0, 10)], [(2, 4), (6, 7)])
    [(0, 2), (4, 6), (7, 10)]
    """
    out = []
    for a, b in spans:
        at = a
        for h0, h1 in sorted(holes):
            if h1 <= at or h0 >= b:
                continue
            if h0 > at:
                out.append((at, h0))
            at = max(at, h1)
        if at < b:
            out.append((at, b))
    return out


#: A heading over the candidate projects of a vote (2021年十件民生实事备选项目及内容).
_RE_CANDIDATE_HEAD = re.compile(r"(备选|候选)(项目|实事|民生实事)")
#: A line that gives the vote's outcome: the candidates end there.
_RE_VOTE_OUTCOME = re.compile(r"结果|当选|确定|选出|票决产生|投票产生")


def _candidate_parts(text: str, body_start: int) -> list[tuple[int, int]]:
    r"""The lines under a heading of a vote's candidate projects (港口镇十件民生实事备选项目及
    内容), up to a line that gives the outcome (票选结果, 当选项目) or the end: their numbers
    describe candidates, not the year's projects.

    >>> t = "某镇2021年十件民生实事备选项目及内容\n1.完成1.7公里农路建设。\n"
    >>> [t[a:b] for a, b in _candidate_parts(t, 0)]
    ['1.完成1.7公里农路建设。']
    """
    lines = [(pos, line) for pos, line in _lines(text) if pos >= body_start and line.strip()]
    spans: list[tuple[int, int]] = []
    for k, (_, line) in enumerate(lines):
        head = line.strip()
        if (
            len(head) > 40
            or re.search(r"[。；;，,]", head)
            or not _RE_CANDIDATE_HEAD.search(head)
            or _RE_VOTE_OUTCOME.search(head)
        ):
            continue
        for at, other in lines[k + 1 :]:
            if _RE_VOTE_OUTCOME.search(other) or _RE_CANDIDATE_HEAD.search(other):
                break
            spans.append((at, at + len(other)))
    return spans


#: A column of a task table: 2023年小麦任务面积, 目标任务数, 计划面积.
_RE_TASK_HEAD = re.compile(r"(任务|目标|计划)[^|｜]{0,8}$")


def _cell_row(
    pos: int, cell: str, title: str, kind: str, value: float, unit: str, notes: str
) -> dict[str, Any]:
    """A drafted row read from one table cell (medium confidence, the cell quoted)."""
    return _row(
        section=None,
        area=None,
        source_text=cell,
        start=pos,
        end=pos + len(cell),
        strength=None,
        title=title[:40],
        kind=kind,
        comparator={"exact": "=", "at_least": ">="}[kind],
        target_value=value,
        unit=unit,
        confidence="medium",
        notes=notes,
        _vals=[(pos, pos + len(cell))],
    )


def _task_rows(
    text: str, body_start: int, units: UnitRegistry
) -> tuple[list[dict[str, Any]], dict[tuple[int, int], str]]:
    """The year's task of each place in a table set out one row per line (乡镇 | 可种植面积 |
    2023年小麦任务面积 | 备注, then 八一乡 | 8.44 | 0.91 |), under a line giving the unit
    (面积:万亩): one exact target per row of the task column, titled with the row's place;
    the row's other figures are listed as background."""
    lines = [(pos, line) for pos, line in _lines(text) if pos >= body_start and line.strip()]
    rows: list[dict[str, Any]] = []
    reasons: dict[tuple[int, int], str] = {}

    def cells(pos: int, line: str) -> list[tuple[int, str]]:
        return [
            (pos + m.start() + len(m.group(0)) - len(m.group(0).lstrip()), m.group(0).strip())
            for m in re.finditer(r"[^|｜]+", line)
            if m.group(0).strip()
        ]

    for k, (pos, line) in enumerate(lines):
        head = cells(pos, line)
        if len(head) < 3 or ("|" not in line and "｜" not in line):
            continue
        names = [re.sub(r"\s", "", c) for _, c in head]
        col = next((i for i, h in enumerate(names) if i and _RE_TASK_HEAD.search(h)), None)
        if col is None or any(re.fullmatch(r"[\d.]+", h) for h in names):
            continue
        above = " ".join(line for _, line in lines[max(0, k - 3) : k]) + names[col]
        unit_m = re.search(
            r"(?:单位|面积|数量)\s*[:：]\s*(万?[\u4e00-\u9fff]{1,3})|[（(](万?[\u4e00-\u9fff]{1,3})[)）]",
            above,
        )
        if not unit_m:
            continue
        written = unit_m.group(1) or unit_m.group(2)
        mult = 1e4 if written.startswith("万") and len(written) > 1 else 1.0
        word = written[1:] if mult != 1.0 else written
        spelled = word if units.known(word) else (word if word in _PROPOSED_UNITS else None)
        if spelled is None:
            continue
        for rpos, rline in lines[k + 1 :]:
            row = cells(rpos, rline)
            if len(row) <= col or re.fullmatch(r"[\d.]+", row[0][1]):
                break
            at, cell = row[col]
            if not re.fullmatch(r"\d+(?:\.\d+)?", cell):
                break
            value = float(cell) * mult
            rows.append(
                _cell_row(
                    at,
                    cell,
                    f"{row[0][1]}{names[col]}",
                    "exact",
                    value,
                    spelled,
                    f"表格“{names[col]}”一栏（{row[0][1]}）：按确数 {value:g}{spelled}提取，请核对",
                )
            )
            for x, (cpos, c) in enumerate(row):
                if x not in (0, col) and re.fullmatch(r"\d+(?:\.\d+)?", c):
                    reasons[(cpos, cpos + len(c))] = "背景数字"
    return rows, reasons


def _table_cells(
    text: str, body_start: int, units: UnitRegistry
) -> tuple[list[dict[str, Any]], dict[tuple[int, int], str]]:
    """Planned investment in a flattened table (each cell on its own line under a header
    block such as 序号 / 项目名称 / 年度计划投资（万元） / 责任单位): one at-least target per
    row of an investment column of the year, and the reasons of other columns' numbers
    (总投资 is a project attribute, 完成时限 a date)."""
    # one cell per line; a row on one line (cells apart by tabs, 2+ spaces or |) is read
    # the same way, cell by cell
    lines: list[tuple[int, str]] = []
    for pos, line in _lines(text):
        if pos < body_start or not line.strip():
            continue
        cells = [
            (pos + m.start(), m.group(0).strip())
            for m in re.finditer(r"[^\t|｜]+?(?=\t|\s{2,}|[|｜]|$)", line)
            if m.group(0).strip()
        ]
        if len(cells) >= 3:
            lines += [(p + len(c) - len(c.lstrip()), c) for p, c in cells]
        else:
            lines.append((pos + len(line) - len(line.lstrip()), line.strip()))
    rows: list[dict[str, Any]] = []
    reasons: dict[tuple[int, int], str] = {}
    i = 0
    while i < len(lines):
        head = []
        j = i
        while (
            j < len(lines)
            and len(lines[j][1]) <= 24
            and _RE_TABLE_HEAD.match(re.sub(r"[（(][^）)]*[）)]|\s", "", lines[j][1]))
        ):
            head.append(lines[j][1])
            j += 1
        if len(head) < 3 or j >= len(lines) or not re.fullmatch(r"0?1", lines[j][1]):
            i = max(j, i + 1)
            continue
        width = len(head)
        # 单位:万元 written above the table gives the unit of its money columns
        above = text[max(0, lines[i][0] - 200) : lines[i][0]]
        money = re.search(r"单位\s*[:：]\s*(万元|亿元|元)", above)
        k, expect = j, 1
        while k + width <= len(lines) and re.fullmatch(r"0*(\d+)", lines[k][1]):
            if int(lines[k][1]) != expect:
                break
            cells = lines[k : k + width]
            name = next(
                (c for h, (_, c) in zip(head, cells, strict=True) if re.search("名称|项目", h)),
                cells[1][1] if width > 1 else "",
            )
            for h, (pos, cell) in zip(head, cells, strict=True):
                if re.search(r"进展|进度|完成情况|推进情况", h):
                    # 进展情况: 已完成3公里 tells how far the row has got, it sets nothing
                    reasons[(pos, pos + len(cell))] = "年内进度"
                    continue
                if not re.fullmatch(r"\d+(?:\.\d+)?", cell):
                    continue
                unit = re.search(r"(万元|亿元|元)", h) or money
                if "投资" in h and "总" not in h and unit:
                    value = float(cell)
                    rows.append(
                        _cell_row(
                            pos,
                            cell,
                            f"{name}{re.sub(r'[（(].*', '', h)}",
                            "at_least",
                            value,
                            unit.group(1),
                            f"表格“{h}”一栏的数值（{name}）：按不低于 "
                            f"{value:g}{unit.group(1)}提取，请核对是否为本年度计划投资",
                        )
                    )
                elif _RE_QUANTITY_HEAD.match(h) and (
                    quantity := _table_unit(h, head, cells, units)
                ):
                    value = float(cell)
                    rows.append(
                        _cell_row(
                            pos,
                            cell,
                            name,
                            "exact",
                            value,
                            quantity,
                            f"表格“{h}”一栏的数值（{name}）：按确数 {value:g}{quantity}"
                            "提取，请核对",
                        )
                    )
                elif "投资" in h:
                    reasons[(pos, pos + len(cell))] = "总投资等项目属性"
                elif re.search("时限|时间|节点", h):
                    reasons[(pos, pos + len(cell))] = "日期"
            reasons[(lines[k][0], lines[k][0] + len(lines[k][1]))] = "编号"
            k += width
            expect += 1
        if k > j and k < len(lines) and re.match(r"(合\s*计|总\s*计|小\s*计)", lines[k][1]):
            # 合计 / 总计 row under the table: the sums of the rows above
            start, line = lines[k]
            cells = [(start + m.start(), m.group(0)) for m in re.finditer(r"\d+(?:\.\d+)?", line)]
            if not cells:
                cells = [
                    c for c in lines[k + 1 : k + width] if re.fullmatch(r"\d+(?:\.\d+)?", c[1])
                ]
                k += width - 1
            for pos, cell in cells:
                reasons[(pos, pos + len(cell))] = "合计（各项之和）"
            k += 1
        i = k if k > j else j + 1
    return rows, reasons


def _table_unit(
    header: str, head: list[str], cells: list[tuple[int, str]], units: UnitRegistry
) -> str | None:
    """The unit of a quantity cell: the header's own (``长度（公里）``), else the row's cell
    of a 单位 column; None when neither names a unit the drafter knows."""
    own = re.search(r"[（(]([^）)]+)[）)]", header)
    word = own.group(1) if own else None
    if word is None:
        word = next(
            (c for h, (_, c) in zip(head, cells, strict=True) if h in ("单位", "计量单位")),
            None,
        )
    if not word:
        return None
    spellings = _unit_pattern(units)[1]
    if word in spellings:
        return spellings[word]
    proposed = _proposed_unit(word, None)
    return proposed[0] if proposed else None


def _segment_end_any(clause: str, pos: int) -> int:
    m = re.compile(r"[,，;；。、\t|｜]|”(?=“)").search(clause, pos)
    return m.start() if m else len(clause)


def _split_items(lead: str) -> list[str]:
    """Titles for 宁波市、国家专精特新“小巨人”企业 (各1家): one per item."""
    lead = _clean_title(lead)
    items = [p for p in re.split(r"、(?![^“]*”)", lead) if p]
    if len(items) == 1:
        items = [p for p in re.split(r"和|与|及", lead) if p]
    if len(items) < 2:
        return items
    verb = _RE_VERB_LEAD.match(items[0])
    prefix = verb.group(0) if verb else ""
    items[0] = items[0][len(prefix) :]
    last = items[-1]
    head = _RE_PLACE_HEAD.match(last)
    shared = last[head.end() :] if head and all(len(i) <= 6 for i in items[:-1]) else ""
    if shared:
        titles = [f"{prefix}{i}{shared}" for i in items[:-1]] + [f"{prefix}{last}"]
    else:
        titles = [f"{prefix}{lead}（{i}）" for i in items]
    return [t[:40] for t in titles]


def _split_parallel(lead: str, percent: bool) -> list[str]:
    """公办幼儿园和普惠幼儿园优质率 (100%): two rates when both sides share a noun."""
    if not percent:
        return [lead]
    cleaned = re.sub(r"^(实现|达到|保持)", "", _clean_title(lead))
    parts = cleaned.split("和")
    if len(parts) != 2 or len(parts[0]) < 2:
        return [lead]
    left, right = parts
    for n in range(min(len(left), 4), 1, -1):
        noun = left[-n:]
        if noun in right:
            rest = right[right.index(noun) + n :]
            return [f"{left}{rest}", right]
    return [lead]


def _split_growth(lead: str) -> list[str]:
    """规上工业增加值和固定资产投资 (增长8%以上): one growth target per indicator."""
    cleaned = re.sub(r"^(实现|达到|保持|推动|促进|带动)", "", _clean_title(lead))
    cleaned = _RE_GROWTH_WORDS.sub("", cleaned)
    cleaned = re.sub(r"等[\u4e00-\u9fff]{0,6}指标$", "", cleaned)  # A、B、C等主体指标
    parts = [p for p in re.split(r"和|与|及|、(?![^“]*”)", cleaned) if p]
    if len(parts) < 2 or any(len(p) < 2 for p in parts):
        return [lead]
    return [f"{p}增长"[:40] for p in parts]


#: Growth words at the end of an indicator (…增加值同比增长 → …增加值).
_RE_GROWTH_WORDS = re.compile(
    r"(同比|年均)?(增长|增速|增幅|增加|增收|比增|同比增)(率|幅度|速度)?"
    r"(保持在|稳定在|保持|达到|达|为|在|实现|均)?$"
)


def _zero(ctx: dict[str, Any], taken: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """清零 / 零发生: target 0 in a count unit; 推进…清零工作 is ongoing work (qualitative)."""
    clause = ctx["clause"]
    out = []
    for m in _RE_ZERO.finditer(clause):
        start = _phrase_start(clause, m.start(), ",，;；")
        end = _segment_end(clause, m.end())
        if _overlaps(taken + out, start, end, ctx):
            continue
        seg = clause[start:end]
        if re.search(r"推进", seg[: m.start() - start]) and seg.endswith("工作"):
            out.append(
                _base(
                    ctx,
                    start,
                    end,
                    title=_clean_title(seg),
                    kind="qualitative",
                    comparator="rated",
                    confidence="low",
                    notes="“推进…清零工作”未承诺年内全部清零，作定性处理；若有基数可改为 zero 类",
                )
            )
            continue
        unit = next((u for word, u in _ZERO_UNITS if word in seg), "个")
        notes = [f"清零：目标值 0，计量单位“{unit}”为推断，请核对"]
        annual = "动态" not in seg
        if not annual:
            notes.append("“动态清零”：按考核时点的存量计，annual: false")
        out.append(
            _base(
                ctx,
                start,
                end,
                title=_clean_title(seg),
                kind="zero",
                comparator="=",
                target_value=0.0,
                unit=unit,
                annual=annual,
                confidence="medium",
                notes="；".join(notes),
            )
        )
    return out


def _rank(ctx: dict[str, Any], taken: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """保持全市前列, 进入全市前三: a rank with optional N and the peer group."""
    clause = ctx["clause"]
    out = []
    for m in _RE_RANK.finditer(clause):
        if _in_quotes(clause, m.start()) or not (m["peers"] or m["verb"] or m["rank"] == "进位"):
            continue
        if m["rank"] == "前列" and not (m["peers"] or m["verb"]):
            continue
        if m["rank"].startswith("第") and not m["peers"]:
            continue
        if m["n3"] and not m["verb"]:
            continue  # 建设全国百强县: a name of the goal of a higher level, no rank of its own
        if m["rank"] == "进位" and (
            re.search(r"(各项|各方面|全面|整体)[^,，;；。]{0,6}$", clause[: m.start()])
            or (not m["peers"] and re.match(r"争先", clause[m.end() : m.end() + 2]))
        ):
            continue  # 推动各项工作争先进位: a slogan, no ranking of a measured indicator
        start = _phrase_start(clause, m.start(), "、,，;；")
        start = max(start, clause.rfind(" ", start, m.start()) + 1)  # a headline's phrases
        end = _segment_end(clause, m.end())
        if _overlaps(taken + out, start, end, ctx):
            continue
        raw_n = m["n"] or m["n2"] or m["n3"] or ("1" if m["rank"] == "首位" else None)
        if raw_n and raw_n[0] in "百千":
            raw_n = "一" + raw_n  # 百强 → 一百
        n = _number(raw_n) if raw_n else None
        head = clause[start : m.start()]
        title = _clean_title(
            re.sub(r"(继续|持续)?(保持|进入|位居|位列|名列|跻身|争取)?$", "", head)
        )
        if m["rank"] == "进位":
            notes = f"“进位”：名次比{ctx['year'] - 1}年前移，请填写上一年名次作为基期"
        else:
            notes = None if n else "“前列”未给出名次，请按计分规则约定口径判断"
        # A以及B…保持全市前列: one rank per subject
        wide = _phrase_start(clause, m.start(), ",，;；")
        subjects = [
            p for p in re.split(r"以及|和|与", clause[wide : m.start()]) if len(p.strip()) >= 4
        ]
        if len(subjects) < 2 or _in_quotes(clause, wide):
            subjects = [title]
            start_k = start
        else:
            start_k = wide
            subjects = [_clean_title(re.sub(r"(继续|持续)?(保持|进入)?$", "", p)) for p in subjects]
        group = f"{ctx['section']}-g{ctx['offset'] + m.start()}" if len(subjects) > 1 else None
        annual, annual_note = _annual(ctx, "", (m["verb"] or "") + head, False)
        notes = "；".join(x for x in (notes, annual_note) if x) or None
        for k, subject in enumerate(subjects, 1):
            extra = (
                f"“以及/和”并列：第 {k} 项（共 {len(subjects)} 项），标题请核对" if group else None
            )
            out.append(
                _base(
                    ctx,
                    start_k,
                    end,
                    title=f"{subject}{m.group(0)}"[:40]
                    if subject != "（请补充标题）"
                    else m.group(0),
                    kind="rank",
                    comparator="rank",
                    target_value=n,
                    unit="名次" if n else None,
                    rank_peers=m["peers"],
                    group=group,
                    annual=annual,
                    confidence="medium",
                    notes="；".join(x for x in (notes, extra) if x) or None,
                )
            )
    return out


def _direction_unit(item: str) -> str | None:
    if item.endswith("率"):
        return "%"
    if item.endswith(("支出", "资金", "经费")):
        return "万元"
    return None


def _directions(ctx: dict[str, Any], taken: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A和B“双下降” → two direction targets; 提升…率 / 压减…支出 → one (low confidence)."""
    clause = ctx["clause"]
    out = []
    for m in _RE_DOUBLE.finditer(clause):
        start = _phrase_start(clause, m.start(), "、,，;；")
        head = clause[start : m.start()]
        verb = re.match(r"^(促进|推动|推进|实现|确保|力争|做到|力争实现)+", head)
        if verb:
            start += verb.end()
            head = head[verb.end() :]
        end = m.end()
        if _overlaps(taken + out, start, end, ctx):
            continue
        word = m.group(0).strip("“”")
        direction = "increase" if re.search(r"增长|提升|提高", word) else "decrease"
        items = [p for p in re.split(r"和|与|及|、", head) if p]
        if len(items) < 2:
            continue  # “双减” alone is a policy name, not two measurable series
        group = f"{ctx['section']}-g{ctx['offset'] + m.start()}"
        for k, item in enumerate(items or [head], 1):
            out.append(
                _base(
                    ctx,
                    start,
                    end,
                    title=f"{item}（{word}）"[:40],
                    kind="direction",
                    comparator=">" if direction == "increase" else "<",
                    direction=direction,
                    baseline_year=ctx["year"] - 1,
                    unit=_direction_unit(item),
                    group=group,
                    confidence="medium",
                    notes=f"“{word}”：与{ctx['year'] - 1}年同口径比较，"
                    f"第 {k} 项（共 {len(items)} 项）",
                )
            )
    out += _sized_directions(ctx, taken + out)
    for seg_start, seg in _comma_segments(clause):
        m = _RE_SINGLE_DIR.search(seg)
        if not m:
            continue
        start = _phrase_start(clause, seg_start + m.start(), ",，;；")
        end = seg_start + len(seg)
        if _overlaps(taken + out, start, end, ctx):
            continue
        direction = "decrease" if m["verb"] in ("降低", "压减", "减少", "下降") else "increase"
        out.append(
            _base(
                ctx,
                start,
                end,
                title=f"{m['obj']}同比{'下降' if direction == 'decrease' else '提升'}",
                kind="direction",
                comparator=">" if direction == "increase" else "<",
                direction=direction,
                baseline_year=ctx["year"] - 1,
                unit=_direction_unit(m["obj"]),
                confidence="low",
                notes=f"同比方向：与{ctx['year'] - 1}年比较；请确认是否需要考核",
            )
        )
    return out


def _sized_directions(ctx: dict[str, Any], taken: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """纠错率下降2个百分点 (a direction with a size) and 经费只减不增 (a direction)."""
    clause = ctx["clause"]
    year = ctx["year"]
    out: list[dict[str, Any]] = []
    found: list[tuple[re.Match[str], str, str]] = []
    for m in _RE_DIR_POINTS.finditer(clause):
        decrease = m["verb"] in ("下降", "降低", "减少", "压减")
        found.append((m, "decrease" if decrease else "increase", "points"))
    for m in _RE_DIR_ONLY.finditer(clause):
        found.append((m, "decrease" if m["d"] else "increase", "only"))
    for m, direction, how in sorted(found, key=lambda f: f[0].start()):
        if _in_quotes(clause, m.start()):
            continue
        start = _phrase_start(clause, m.start(), "、,，;；")
        end = _segment_end(clause, m.end())
        if _overlaps(taken + out, start, end, ctx):
            continue
        subject = _clean_title(re.sub(r"(同比|比上年|较上年)$", "", clause[start : m.start()]))
        word = "下降" if direction == "decrease" else "上升"
        notes = [f"同比方向：与{year - 1}年同口径比较，要求{word}"]
        confidence = "medium"
        if how == "points":
            size = _number(m["num"])
            if size is None:
                continue
            bound, sign = ("不高于", "减") if direction == "decrease" else ("不低于", "加")
            notes.append(
                f"原文要求{m['verb']} {size:g} 个百分点（幅度）：计分只判断方向，幅度请年终人工"
                f"核对（实际值应{bound}{year - 1}年值{sign} {size:g} 个百分点）"
            )
            unit: str | None = "%"
        else:
            unit = _direction_unit(subject)
            notes.append(f"“{m.group(0)}”：按同比{word}考核")
        out.append(
            _base(
                ctx,
                start,
                end,
                title=f"{subject}同比{word}"[:40],
                kind="direction",
                comparator="<" if direction == "decrease" else ">",
                direction=direction,
                baseline_year=year - 1,
                unit=unit,
                confidence=confidence,
                notes="；".join(notes),
            )
        )
    return out


def _comma_segments(clause: str) -> Iterator[tuple[int, str]]:
    pos = 0
    for part in re.split(r"(?<=[,，])", clause):
        seg = part.rstrip(",，")
        lead = len(seg) - len(seg.lstrip())
        if seg.strip():
            yield pos + lead, seg.strip()
        pos += len(part)


def _milestones(ctx: dict[str, Any], taken: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """创成 / 完成…任务 / 成立 (must be done) and 推进…创建工作 (must be under way)."""
    clause = ctx["clause"]
    out = []
    for seg_start, seg in _comma_segments(clause):
        end = seg_start + len(seg)
        if _overlaps(taken + out, seg_start, end, ctx):
            continue
        done = _RE_MILESTONE_DONE.search(seg) or _RE_MILESTONE_TITLE.search(seg)
        progress = _RE_MILESTONE_PROGRESS.search(seg)
        if not done and not progress:
            continue
        if done and re.search(r"创成|验收|^争创", done.group(0)):
            stage = "已通过验收"
        elif done:
            stage = "已完成"
        else:
            stage = "推进中"
        strength = _strength(clause, end)
        title = _clean_title(re.sub(r"20\d\d年(\d{1,2}月)?(底|末|内|前)?", "", seg))
        title = re.sub(r"^(加快|全力|有序|统筹)?(推进|建设)|工作$", "", title) or title
        notes = {
            "已通过验收": "“争创”：按创成（通过验收、获得命名）考核；若只要求申报，可改为 推进中"
            if done and done.group(0).startswith("争创")
            else "“创成/通过验收”：需通过验收（命名）",
            "已完成": "需在期限内完成",
            "推进中": "原文只写“推进”，未承诺年内完成；完成视为超额",
        }[stage]
        period = _multiyear(ctx["sentence_head"] + clause[:end], ctx["year"])
        if period:
            # 完成“十四五”规划确定的目标任务: a milestone of the plan period, not of this year
            notes += f"；“{period.group(0)}”：多年目标，不按单一年度考核（annual: false）"
        out.append(
            _base(
                ctx,
                seg_start,
                end,
                title=title,
                kind="milestone",
                comparator="stage",
                required_stage=stage,
                deadline=_deadline(seg),
                confidence="medium" if strength and not period else "low",
                notes=notes,
                annual=not period,
            )
        )
    return out


def _qualitative(ctx: dict[str, Any], taken: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A clause with 确保/力争/争创 and nothing else found after the verb: a qualitative entry."""
    clause = ctx["clause"]
    out = []
    verbs = [m for m in _RE_STRENGTH.finditer(clause) if not _in_quotes(clause, m.start())]
    if not verbs:
        return out
    start = verbs[0].start()
    end = _segment_end(clause, start)
    if _overlaps(taken, start, len(clause), ctx):
        return out
    out.append(
        _base(
            ctx,
            start,
            end,
            title=_clean_title(clause[start:end]),
            kind="qualitative",
            comparator="rated",
            confidence="low",
            notes="有“确保/力争/争创”但无数值：作定性目标，请确认是否需要考核",
        )
    )
    return out


def _link_ids(rows: list[dict[str, Any]]) -> None:
    """Name the parent of 其中 sub-targets by id (ids exist only once a section is done)."""
    for row in rows:
        parent = row.pop("_parent", None)
        if parent is not None:
            row["notes"] = (row["notes"] or "").replace(
                f"上一项（{parent['source_text']}）", f"上一项 {parent['target_id']}"
            )


# --------------------------------------------------------------------------------------
# measuring a draft against a reviewed catalog


def _spans(text: str, quote: str) -> list[tuple[int, int]]:
    return [(m.start(), m.start() + len(quote)) for m in re.finditer(re.escape(quote), text)]


def compare_to_catalog(draft: Draft, catalog: pd.DataFrame) -> pd.DataFrame:
    """Match a draft's targets with a reviewed catalog's, one to one.

    A draft target matches a catalog target when their ``source_text`` overlap in the plan
    text and they agree on kind family (numeric or not); a numeric match is ``found`` when
    value, unit and comparator agree too, else ``wrong``.

    Parameters
    ----------
    draft : Draft
        The result of :func:`extract_plan` on the plan text the catalog quotes.
    catalog : pandas.DataFrame
        ``Plan.targets`` of the reviewed catalog (``target_id, source_text, kind,
        comparator, target_value, unit``).

    Returns
    -------
    pandas.DataFrame
        One row per catalog target and per unmatched draft target: ``status`` (found,
        wrong, missed, spurious), ``numeric`` (bool), ``catalog_id``, ``draft_id``, ``kind``,
        ``expected`` and ``drafted`` (value, unit and comparator as text), ``source_text``.

    Examples
    --------
    >>> from gutang_analysis.plan import load_plan
    >>> plan = load_plan()
    >>> result = compare_to_catalog(extract_plan(plan.source_text), plan.targets)
    >>> result[result["numeric"]]["status"].value_counts().to_dict()
    {'found': 19}
    """
    text = draft.text
    drafted = draft.targets.assign(_numeric=draft.targets["kind"].isin(NUMERIC_KINDS))
    used: set[str] = set()
    rows: list[dict[str, Any]] = []

    def describe(r: Any) -> str:
        if r["kind"] not in NUMERIC_KINDS:
            return str(r["kind"])
        value = r["target_value"]
        shown = "0" if pd.isna(value) else f"{float(value):g}"
        return f"{r['comparator']} {shown} {r['unit']}"

    def same(a: Any, b: Any) -> bool:
        va = 0.0 if pd.isna(a["target_value"]) else float(a["target_value"])
        vb = 0.0 if pd.isna(b["target_value"]) else float(b["target_value"])
        return (
            abs(va - vb) <= 1e-9 * max(1.0, abs(va))
            and a["unit"] == b["unit"]
            and a["comparator"] == b["comparator"]
        )

    for c in catalog.to_dict("records"):
        numeric = c["kind"] in NUMERIC_KINDS
        spans = _spans(text, c["source_text"])
        pool = [
            d
            for d in drafted.to_dict("records")
            if d["target_id"] not in used
            and d["_numeric"] == numeric
            and any(d["start"] < b and a < d["end"] for a, b in spans)
        ]
        exact = [d for d in pool if same(c, d)] if numeric else pool
        pick = exact[0] if exact else (pool[0] if pool else None)
        status = "missed" if pick is None else ("found" if exact else "wrong")
        if pick is not None:
            used.add(pick["target_id"])
        rows.append(
            {
                "status": status,
                "numeric": numeric,
                "catalog_id": c["target_id"],
                "draft_id": pick["target_id"] if pick else None,
                "kind": c["kind"],
                "expected": describe(c),
                "drafted": describe(pick) if pick else None,
                "source_text": c["source_text"],
            }
        )
    for d in drafted.to_dict("records"):
        if d["target_id"] not in used:
            rows.append(
                {
                    "status": "spurious",
                    "numeric": bool(d["_numeric"]),
                    "catalog_id": None,
                    "draft_id": d["target_id"],
                    "kind": d["kind"],
                    "expected": None,
                    "drafted": describe(d),
                    "source_text": d["source_text"],
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "status",
            "numeric",
            "catalog_id",
            "draft_id",
            "kind",
            "expected",
            "drafted",
            "source_text",
        ],
    )
