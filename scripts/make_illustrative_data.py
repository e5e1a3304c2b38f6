"""Generate the example folder's illustrative outcomes (示例数据, invented).

Run ``python scripts/make_illustrative_data.py`` after the catalog changes.
Every figure here is invented for demonstration; the files say so on their first line.
"""

import pandas as pd

from gutang_analysis.outcomes import load_baseline, load_outcomes
from gutang_analysis.plan import load_plan
from gutang_analysis.template import write_outcomes

plan = load_plan()
T = plan.targets.set_index("target_id")
OFFICE = {
    "economy": "经济发展办公室",
    "development": "城市建设管理办公室",
    "digital": "综合信息指挥室",
    "environment": "生态环境办公室",
    "livelihood": "社会事务办公室",
    "conduct": "党政综合办公室",
}
SPECIAL_OFFICE = {
    "econ-domestic-capital": "招商服务中心",
    "econ-zheshang-return": "招商服务中心",
    "econ-fdi-utilised": "招商服务中心",
    "econ-industrial-engineers": "人才工作办公室",
    "econ-senior-talent": "人才工作办公室",
    "econ-investment-rank": "经济发展办公室",
    "dev-jiepai-land-acquisition": "征迁工作办公室",
    "dev-key-block-demolition": "征迁工作办公室",
    "dev-demolition-clearance": "征迁工作办公室",
    "dev-jiepai-future-community": "未来社区建设专班",
    "dev-future-community-platform": "未来社区建设专班",
    "dev-two-future-communities": "未来社区建设专班",
    "dev-illegal-construction": "综合行政执法中队",
    "dev-order-management": "综合行政执法中队",
    "dig-smart-scenes": "平安建设办公室",
    "dig-village-skynet": "平安建设办公室",
    "dig-online-services": "便民服务中心",
    "dig-self-service-terminals": "便民服务中心",
    "env-shop-waste-sorting": "城市管理办公室",
    "env-waste-upgrade": "城市管理办公室",
    "env-four-colour-ranking": "城市管理办公室",
    "env-sorting-demo-estates": "城市管理办公室",
    "live-employment-support": "社会保障办公室",
    "live-zero-employment-households": "社会保障办公室",
    "live-no-wage-arrears": "社会保障办公室",
    "live-fengqiao-veteran-stations": "退役军人服务站",
    "live-shundu-kindergarten": "教育办公室",
    "live-kindergarten-layout": "教育办公室",
    "live-public-kindergarten-coverage": "教育办公室",
    "live-tianzi-kindergarten": "教育办公室",
    "live-public-kindergarten-quality": "教育办公室",
    "live-inclusive-kindergarten-quality": "教育办公室",
    "live-double-reduction": "教育办公室",
    "live-epidemic-control": "卫生健康办公室",
    "live-primary-health": "卫生健康办公室",
    "live-health-centre-relocation": "卫生健康办公室",
    "conduct-dispute-cases": "司法所",
    "conduct-dispute-loss-rate": "司法所",
    "conduct-major-decisions": "司法所",
    "conduct-enforcement-reform": "综合行政执法中队",
    "conduct-general-spending": "财政办公室",
    "conduct-budget-management": "财政办公室",
    "conduct-four-duties": "纪工委",
    "conduct-four-winds": "纪工委",
    "conduct-integrity-risk": "纪工委",
}


def office(tid):
    return SPECIAL_OFFICE.get(tid, OFFICE[T.loc[tid, "section"]])


# ---------------------------------------------------------------- 2022 year-end
# target_id: (actual_text, stage, rating, peers, date, evidence, cause, remedy)
ANNUAL = {
    "econ-cluster-relocation": (
        "1个",
        None,
        None,
        None,
        "2022-10-28",
        "搬迁协议及腾空验收单（2022年10月）",
        None,
        None,
    ),
    "econ-green-retrofit": (
        "0",
        "推进中",
        None,
        None,
        None,
        "项目进度月报（2022年12月）",
        "项目设备采购受物流影响延后，年底主体改造完成约七成，未能年内验收",
        "倒排工期，落实专人跟踪，力争2023年一季度完成验收",
    ),
    "econ-low-scattered-rectification": (
        "56家",
        None,
        None,
        None,
        None,
        "“低散乱”整治销号清单（56家）",
        None,
        None,
    ),
    "econ-domestic-capital": (
        "19800万元",
        None,
        None,
        None,
        None,
        "宁波市招商引资统计系统年报",
        None,
        None,
    ),
    "econ-zheshang-return": (
        "1.15亿",
        None,
        None,
        None,
        None,
        "浙商回归项目资金到位凭证汇总表",
        "1个签约项目第二期资金推迟至2023年1月到位",
        "加强与项目方对接，督促剩余资金尽快到位，并储备后续回归项目",
    ),
    "econ-fdi-utilised": (
        "210万美元",
        None,
        None,
        None,
        None,
        "商务部门外资统计月报（12月）",
        "受境外疫情影响，1个外资增资项目延期",
        "跟进延期项目，拓展外资招引渠道，2023年争取补齐缺口",
    ),
    "econ-industrial-engineers": (
        "２２名",
        None,
        None,
        None,
        None,
        "产业工程师引进备案名单",
        None,
        None,
    ),
    "econ-senior-talent": ("15", None, None, None, None, "人才认定文件汇编", None, None),
    "econ-hidden-champions": (
        "2家",
        None,
        None,
        None,
        None,
        "隐形冠军企业认定公示",
        "1家企业主导产品市场占有率未达认定标准",
        "对培育库企业开展一企一策辅导，2023年重点培育",
    ),
    "econ-ningbo-little-giant": (
        "1",
        None,
        None,
        None,
        "2022-08-15",
        "宁波市专精特新“小巨人”企业名单公示",
        None,
        None,
    ),
    "econ-national-little-giant": ("未报送", None, None, None, None, None, None, None),
    "econ-investment-rank": (
        "第3名",
        None,
        None,
        None,
        None,
        "市发改局有效投资通报（未注明参评镇街数）",
        None,
        None,
    ),
    "dev-jiepai-land-acquisition": (
        None,
        "已完成",
        None,
        None,
        "2022-11-18",
        "征地报批批复文件",
        None,
        None,
    ),
    "dev-xinchaotang-community": (
        None,
        "已完成",
        None,
        None,
        "2022-05-20",
        "关于成立新潮塘社区的批复",
        None,
        None,
    ),
    "dev-future-community-platform": (
        None,
        "推进中",
        None,
        None,
        None,
        "平台建设合同及进度报告",
        "平台数据接口需与市级系统对接，联调时间长于预期",
        "已与市级部门明确接口规范，计划2023年4月上线",
    ),
    "dev-jiepai-future-community": (
        None,
        "已完成",
        None,
        None,
        "2022-12-20",
        "未来社区建设自评报告",
        "建设任务已完成，省级验收安排在2023年初，年内未能创成",
        "配合做好省级验收准备，补齐验收材料",
    ),
    "dev-old-estate-renovation": (
        "5个",
        None,
        None,
        None,
        None,
        "老旧小区改造竣工验收资料",
        None,
        None,
    ),
    "dev-green-communities": ("3", None, None, None, None, "绿色社区创建名单", None, None),
    "dev-rural-housing-villages": (
        "2",
        None,
        None,
        None,
        None,
        "农房安居示范村验收文件",
        "1个村农房改造户数未达示范村标准",
        "2023年继续推进，补足改造户数后申报",
    ),
    "dev-water-saving-estates": (
        "6个",
        None,
        None,
        None,
        None,
        "省级节水型小区公布名单",
        None,
        None,
    ),
    "dig-smart-brain": (
        None,
        "已完成",
        None,
        None,
        "2022-09-30",
        "“智慧大脑”指挥中心验收报告",
        None,
        None,
    ),
    "env-pm25-decrease": (
        "27",
        None,
        None,
        None,
        None,
        "街道空气自动监测站年均值（微克/立方米）",
        None,
        None,
    ),
    "env-ozone-decrease": (
        "158",
        None,
        None,
        None,
        None,
        "街道空气自动监测站年度第90百分位（微克/立方米）",
        "夏季持续高温少雨，臭氧生成条件不利",
        "加强挥发性有机物排放企业管控，夏季实施错峰生产",
    ),
    "live-shundu-kindergarten": (
        None,
        "推进中",
        None,
        None,
        None,
        "项目立项及施工许可文件",
        None,
        None,
    ),
    "live-public-kindergarten-coverage": (
        "86.5%",
        None,
        None,
        None,
        None,
        "教育统计年报",
        None,
        None,
    ),
    "live-tianzi-kindergarten": (
        None,
        "已通过验收",
        None,
        None,
        "2022-12-05",
        "省二级幼儿园评估结果公示",
        None,
        None,
    ),
    "live-public-kindergarten-quality": (
        "100％",
        None,
        None,
        None,
        None,
        "幼儿园等级评定结果",
        None,
        None,
    ),
    "live-inclusive-kindergarten-quality": (
        "92.3%",
        None,
        None,
        None,
        None,
        "幼儿园等级评定结果",
        "2所普惠幼儿园等级评定延期至2023年",
        "指导2所幼儿园对照标准整改，2023年上半年完成评定",
    ),
    "live-health-centre-relocation": (
        None,
        "推进中",
        None,
        None,
        None,
        "迁址改造工程进度报告",
        None,
        None,
    ),
    "live-zero-employment-households": (
        "0",
        None,
        None,
        None,
        None,
        "就业困难人员帮扶台账（12月）",
        None,
        None,
    ),
    "live-fengqiao-veteran-stations": (
        "1家",
        None,
        None,
        None,
        None,
        "省级“枫桥式”退役军人服务站命名文件",
        "省级名额有限，申报3家仅1家获评",
        "总结获评经验，对另2家服务站提升后再次申报",
    ),
    "conduct-dispute-cases": ("12件", None, None, None, None, "行政争议案件台账", None, None),
    "conduct-dispute-loss-rate": (
        "8.3%",
        None,
        None,
        None,
        None,
        "行政诉讼案件结果统计",
        "发案量下降，但1件败诉使败诉率上升",
        "加强执法程序合法性审查，开展典型案例剖析",
    ),
    "conduct-general-spending": ("1,286.5万元", None, None, None, None, "财政决算报表", None, None),
}
# ratings for the qualitative targets: mostly good, a few weaker, three not reported
WEAK = {
    "econ-shanghai-linkage": "一般",
    "dev-old-block-renewal": "一般",
    "env-rivers-lakes": "一般",
    "dig-grid-closed-loop": "一般",
    "dev-order-management": "差",
}
BLANK = {"econ-innovation-system", "dig-smart-safety-platforms", "conduct-catch-up-mechanism"}
CAUSES = {
    "econ-shanghai-linkage": (
        "受疫情影响，与龙华街道互访交流活动多次延期",
        "2023年恢复定期互访，落实合作项目清单",
    ),
    "dev-old-block-renewal": (
        "部分出让地块开发进度滞后，周边环境建设未同步完成",
        "建立地块开发进度月报，协调开发主体加快建设",
    ),
    "env-rivers-lakes": ("两条河道水质仍有反复", "开展河道截污纳管排查，落实河长巡河制度"),
    "dig-grid-closed-loop": (
        "部分网格事件处置超时，闭环率未达预期",
        "完善事件超时预警，纳入网格员考核",
    ),
    "dev-order-management": (
        "临时菜场周边占道经营反复，群众投诉较多",
        "增加高峰时段巡查频次，推进菜场规范化改造",
    ),
}
GOOD = ["好", "较好"]


def annual_rows():
    rows = []
    for i, t in enumerate(plan.targets.itertuples()):
        tid = t.target_id
        if tid in ANNUAL:
            a, stage, rating, peers, date, ev, cause, remedy = ANNUAL[tid]
        elif t.kind == "qualitative":
            a, stage, peers, date = None, None, None, None
            if tid in BLANK:
                rating, ev, cause, remedy = None, None, None, None
            else:
                rating = WEAK.get(tid, GOOD[i % 2])
                ev = f"{t.title}工作台账及年度工作总结"
                cause, remedy = CAUSES.get(tid, (None, None))
        else:
            raise SystemExit(f"no figure for {tid}")
        rows.append(
            dict(
                target_id=tid,
                period="2022",
                actual_text=a,
                actual_unit=None,
                stage=stage,
                rating=rating,
                peers=peers,
                date=date,
                evidence=ev,
                office=office(tid),
                cause=cause,
                remedy=remedy,
            )
        )
    return rows


# ---------------------------------------------------------------- 2021 baseline
BASELINE = {
    "env-pm25-decrease": ("29", "街道空气自动监测站年均值（微克/立方米）"),
    "env-ozone-decrease": ("152", "街道空气自动监测站年度第90百分位（微克/立方米）"),
    "live-public-kindergarten-coverage": ("83.2%", "教育统计年报（2021）"),
    "conduct-dispute-cases": ("15件", "行政争议案件台账（2021）"),
    "conduct-dispute-loss-rate": ("6.7%", "行政诉讼案件结果统计（2021）"),
    "conduct-general-spending": ("1,420万元", "财政决算报表（2021）"),
    # for context only (not directional targets)
    "econ-low-scattered-rectification": ("47家", "“低散乱”整治销号清单（2021）"),
    "econ-domestic-capital": ("1.62亿元", "宁波市招商引资统计系统年报（2021）"),
    "econ-fdi-utilised": ("265万美元", "商务部门外资统计月报（2021年12月）"),
}

# ---------------------------------------------------------------- 2022 mid-year
MIDYEAR = {
    "econ-cluster-relocation": ("0", "推进中", None, None, "搬迁协议签订情况", None, None),
    "econ-green-retrofit": ("0", "推进中", None, None, "项目进度月报（6月）", None, None),
    "econ-low-scattered-rectification": (
        "28家",
        None,
        None,
        None,
        "整治销号清单（上半年）",
        None,
        None,
    ),
    "econ-domestic-capital": (
        "7000万元",
        None,
        None,
        None,
        "招商引资统计系统月报（6月）",
        "上半年受疫情影响，项目洽谈和落地放缓",
        "下半年集中举办专场推介，推动在谈项目签约",
    ),
    "econ-zheshang-return": ("0.65亿元", None, None, None, "浙商回归项目资金到位凭证", None, None),
    "econ-fdi-utilised": (
        "90万美元",
        None,
        None,
        None,
        "外资统计月报（6月）",
        "外资项目资金到位集中在下半年",
        "跟踪增资项目进度",
    ),
    "econ-industrial-engineers": ("11", None, None, None, "产业工程师引进备案名单", None, None),
    "econ-senior-talent": (
        "6名",
        None,
        None,
        None,
        "人才认定文件",
        "人才认定批次集中在下半年",
        "做好第三批次申报",
    ),
    "econ-hidden-champions": ("1家", None, None, None, "认定公示", None, None),
    "econ-investment-rank": ("第4名", None, None, 18, "市发改局有效投资通报（6月）", None, None),
    "dev-jiepai-land-acquisition": (None, "推进中", None, None, "征地报批材料", None, None),
    "dev-xinchaotang-community": (
        None,
        "已完成",
        None,
        "2022-05-20",
        "关于成立新潮塘社区的批复",
        None,
        None,
    ),
    "dev-future-community-platform": (None, "推进中", None, None, "平台建设合同", None, None),
    "dev-jiepai-future-community": (None, "推进中", None, None, "未来社区建设进度报告", None, None),
    "dev-old-estate-renovation": ("2个", None, None, None, "老旧小区改造进度表", None, None),
    "dev-green-communities": ("1", None, None, None, "绿色社区创建进度", None, None),
    "dig-smart-brain": (None, "推进中", None, None, "指挥中心建设进度", None, None),
    "live-shundu-kindergarten": (
        None,
        "未启动",
        None,
        None,
        "项目前期工作情况",
        "地块规划调整，立项手续尚未完成",
        "协调规划部门，力争三季度开工",
    ),
    "live-public-kindergarten-quality": ("96%", None, None, None, "幼儿园等级评定进度", None, None),
    "live-zero-employment-households": (
        "2户",
        None,
        None,
        None,
        "就业困难人员帮扶台账（6月）",
        "新增2户零就业家庭，正在帮扶中",
        "落实公益性岗位托底安置",
    ),
    "conduct-dispute-cases": ("5件", None, None, None, "行政争议案件台账（上半年）", None, None),
}


def midyear_rows():
    rows = []
    for t in plan.targets.itertuples():
        tid = t.target_id
        if tid in MIDYEAR:
            a, stage, rating, peers_or_date, ev, cause, remedy = MIDYEAR[tid]
            peers = peers_or_date if isinstance(peers_or_date, int) else None
            date = peers_or_date if isinstance(peers_or_date, str) else None
        elif t.kind == "qualitative" and hash_pick(tid):
            a, stage, peers, date, cause, remedy = None, None, None, None, None, None
            rating, ev = "较好", f"{t.title}上半年工作小结"
        else:
            continue
        rows.append(
            dict(
                target_id=tid,
                period="2022-06-30",
                actual_text=a,
                actual_unit=None,
                stage=stage,
                rating=rating,
                peers=peers,
                date=date,
                evidence=ev,
                office=office(tid),
                cause=cause,
                remedy=remedy,
            )
        )
    return rows


def hash_pick(tid):
    return sum(map(ord, tid)) % 3 != 0


def frame(rows):
    df = pd.DataFrame(rows)
    df["actual"] = float("nan")
    df["date"] = pd.to_datetime(df["date"])
    df.attrs["illustrative"] = True
    return df


def baseline_rows():
    return [
        dict(
            target_id=k,
            period="2021",
            actual_text=v,
            actual_unit=None,
            stage=None,
            rating=None,
            peers=None,
            date=None,
            evidence=ev,
            office=office(k),
            cause=None,
            remedy=None,
        )
        for k, (v, ev) in BASELINE.items()
    ]


# ---------------------------------------------------------------- 督查: owners and quarters
# Owners, nodes and the figures of 31 March and 30 September (示例数据, invented). The
# quarters are collected per office (outcomes/2022-03-31/<office>.csv); 30 June stays the
# single mid-year file and the year end the single year file.
LEADS = {
    "economy": "分管经济副主任",
    "development": "分管城建副主任",
    "digital": "分管平安副书记",
    "environment": "分管环境副主任",
    "livelihood": "分管社会事务副主任",
    "conduct": "纪工委书记",
}
PARTNERS = {
    "econ-fdi-utilised": ["经济发展办公室"],
    "econ-domestic-capital": ["经济发展办公室"],
    "dev-jiepai-future-community": ["征迁工作办公室", "城市建设管理办公室"],
    "live-shundu-kindergarten": ["城市建设管理办公室"],
}
NODES = {
    "econ-fdi-utilised": [("2022-03-31", 50), ("2022-06-30", 120), ("2022-09-30", 200)],
    "econ-domestic-capital": [("2022-06-30", 0.8), ("2022-09-30", 1.3)],
    "live-zero-employment-households": [("2022-06-30", 2), ("2022-09-30", 1)],
    "dev-jiepai-land-acquisition": [("2022-03-31", "推进中"), ("2022-09-30", "已完成")],
    "dev-jiepai-future-community": [
        ("2022-03-31", "推进中"),
        ("2022-06-30", "推进中"),
        ("2022-09-30", "已完成"),
    ],
    "live-shundu-kindergarten": [("2022-06-30", "推进中")],
}
# target_id: (Q1 value, Q3 value); a value is a number in the target's unit or a stage
QUARTERS = {
    "econ-cluster-relocation": ("0", "0"),
    "econ-green-retrofit": ("0", "0"),
    "econ-low-scattered-rectification": ("12家", "40家"),
    "econ-domestic-capital": ("0.3亿元", "1.3亿元"),
    "econ-zheshang-return": ("0.3亿元", "0.8亿元"),
    "econ-fdi-utilised": ("40万美元", "130万美元"),
    "econ-industrial-engineers": ("4", "16"),
    "econ-senior-talent": ("3", "9"),
    "econ-hidden-champions": ("0家", "1家"),
    "econ-ningbo-little-giant": (None, "0家"),
    "econ-investment-rank": ("第5名", "第3名"),
    "dev-jiepai-land-acquisition": ("推进中", "推进中"),
    "dev-xinchaotang-community": ("推进中", "已完成"),
    "dev-future-community-platform": ("未启动", "推进中"),
    "dev-jiepai-future-community": ("推进中", "推进中"),
    "dev-old-estate-renovation": ("1个", "3个"),
    "dev-green-communities": ("0", "2"),
    "dev-rural-housing-villages": (None, "1个"),
    "dev-water-saving-estates": (None, "4个"),
    "dig-smart-brain": ("推进中", "推进中"),
    "live-shundu-kindergarten": ("未启动", "未启动"),
    "live-tianzi-kindergarten": (None, "推进中"),
    "live-health-centre-relocation": (None, "推进中"),
    "live-public-kindergarten-quality": ("95%", "98%"),
    "live-zero-employment-households": ("4户", "1户"),
    "live-fengqiao-veteran-stations": (None, "1家"),
    "conduct-dispute-cases": ("3件", "9件"),
}
Q3_CAUSES = {
    "econ-fdi-utilised": ("1个外资增资项目受境外疫情影响延期", "跟进延期项目，拓展外资招引渠道"),
    "econ-hidden-champions": ("第2家企业认定材料补正中", "协助企业补齐材料，10月底前完成申报"),
    "live-shundu-kindergarten": ("选址调整，用地手续未办结", "加快用地报批，力争10月开工"),
    "dev-rural-housing-villages": ("1个村农户意愿征集未完成", "入户做好政策解释，11月底前完成"),
    "live-fengqiao-veteran-stations": ("场地未落实", "与村社协调场地，年底前建成2家"),
    "econ-zheshang-return": ("签约项目二期资金到位推迟", "加强对接，督促资金尽快到位"),
}
PERIOD_OFFICES_MISSING = {"2022-03-31": {"退役军人服务站"}}
STAGE_WORDS = {"未启动", "推进中", "已完成", "已通过验收"}


def owners_data():
    items = []
    for t in plan.targets.itertuples():
        item = {"id": t.target_id, "lead": LEADS[t.section], "office": office(t.target_id)}
        if t.target_id in PARTNERS:
            item["partners"] = PARTNERS[t.target_id]
        if t.target_id in NODES:
            item["nodes"] = [
                {"date": pd.Timestamp(d).date(), ("stage" if v in STAGE_WORDS else "value"): v}
                for d, v in NODES[t.target_id]
            ]
        items.append(item)
    return {"format_version": 1, "plan": plan.id, "targets": items}


def quarter_rows(period, which):
    annual = {r["target_id"]: r for r in annual_rows()}
    rows = []
    for t in plan.targets.itertuples():
        tid = t.target_id
        value = QUARTERS.get(tid, (None, None))[which]
        stage = value if value in STAGE_WORDS else None
        actual = None if stage else value
        rating = None
        if t.kind == "qualitative":
            year_rating = annual[tid].get("rating")
            if which == 0:
                rating = "较好" if hash_pick(tid) else None
            else:
                rating = {"差": "一般"}.get(year_rating, year_rating)
        peers = 18 if t.kind == "rank" and actual else None
        cause, remedy = Q3_CAUSES.get(tid, (None, None)) if which == 1 else (None, None)
        rows.append(
            dict(
                target_id=tid,
                period=period,
                actual_text=actual,
                actual_unit=None,
                stage=stage,
                rating=rating,
                peers=peers,
                date=None,
                evidence=f"{office(tid)}{period[5:7]}月报" if (actual or stage or rating) else None,
                office=office(tid),
                cause=cause,
                remedy=remedy,
            )
        )
    return rows


def write_quarters(folder):
    import shutil

    import yaml

    head = (
        "# 示例数据（虚构）：本文件中的责任分工和节点为演示用途编造。\n"
        "# 分解表：各项目标的牵头领导、责任科室、配合科室和节点（格式见 docs/supervision.md）。\n"
    )
    body = yaml.safe_dump(
        owners_data(), allow_unicode=True, sort_keys=False, default_flow_style=None, width=100
    )
    (folder / "owners.yaml").write_text(head + body, encoding="utf-8")
    for which, period in enumerate(("2022-03-31", "2022-09-30")):
        target = folder / "outcomes" / period
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        rows = quarter_rows(period, which)
        by_office = {}
        for r in rows:
            by_office.setdefault(r["office"], []).append(r)
        if which == 1:  # the same figure sent twice (identical): named, kept once
            by_office["经济发展办公室"].append(
                next(r for r in rows if r["target_id"] == "econ-fdi-utilised")
            )
        for name, office_rows in by_office.items():
            if name in PERIOD_OFFICES_MISSING.get(period, set()):
                continue
            write_outcomes(frame(office_rows), target / f"{name}.csv", plan)


if __name__ == "__main__":
    from gutang_analysis import paths

    # the same annual rows as an Excel file, for the tests that compare the two formats
    annual_xlsx = paths.PROJECT_ROOT / "tests" / "fixtures" / "outcomes" / "gutang-2022-annual.xlsx"
    write_outcomes(frame(annual_rows()), paths.DEFAULT_OUTCOMES, plan)
    write_outcomes(frame(annual_rows()), annual_xlsx, plan)
    write_outcomes(frame(baseline_rows()), paths.DEFAULT_BASELINE, plan)
    write_outcomes(frame(midyear_rows()), paths.DEFAULT_MIDYEAR, plan)
    for p in (
        paths.DEFAULT_OUTCOMES,
        annual_xlsx,
        paths.DEFAULT_MIDYEAR,
    ):
        df = load_outcomes(p, plan)
        print(p.name, len(df), df.attrs["illustrative"], int(df.actual.notna().sum()))
    write_quarters(paths.EXAMPLE_FOLDER)
    b = load_baseline(paths.DEFAULT_BASELINE, plan)
    print("baseline", len(b))
