"""The zh_CN catalogue uses the glossary's terms: wherever an English source contains a
glossary term, its Chinese translation contains that term's Chinese."""

from __future__ import annotations

import html
import re

from gui.common.i18n import I18N_DIR

GLOSSARY = I18N_DIR / "glossary_zh_CN.md"
TS = I18N_DIR / "neural_playground_zh_CN.ts"
ISSUE_TERMS = (  # issue #14's list, plus the terms every lesson needs
    "感知机 神经元 权重 偏置 激活函数 损失函数 交叉熵 均方误差 反向传播 梯度下降 学习率 批大小 "
    "迭代 轮 过拟合 正则化 丢弃法 批归一化 早停 卷积 池化 特征图 数据增强 决策边界 线性可分 "
    "优化器 训练集 验证集 测试集 准确率 隐藏层 输入层 输出层"
).split()


def glossary() -> list[tuple[list[str], str]]:
    """(English spellings, Chinese term) for each row of the glossary's table."""
    rows = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|") or cells[0] in ("English", "---"):
            continue
        rows.append(([s.strip() for s in cells[0].split("/")], cells[1]))
    return rows


def catalogue() -> list[tuple[str, str]]:
    """(English source without its & mnemonic, translation) for every .ts message."""
    text = TS.read_text(encoding="utf-8")
    pairs = re.findall(
        r"<source>(.*?)</source>.*?<translation[^>]*>(.*?)</translation>", text, flags=re.S
    )
    return [(html.unescape(s).replace("&", ""), html.unescape(t)) for s, t in pairs]


def uses(term: str, english: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(term)}(?:s|es)?(?![\w-])", english, re.I) is not None


def test_the_glossary_has_every_term_of_the_issue() -> None:
    chinese = {zh for _, zh in glossary()}
    assert not [term for term in ISSUE_TERMS if term not in chinese]


def test_the_word_match_is_whole_words_in_any_case_with_plurals() -> None:
    assert uses("optimizer", "Optimizers on a surface")
    assert uses("loss", "Loss")
    assert not uses("loss", "glossary")
    assert not uses("conv", "convex")


def test_every_translation_uses_the_glossary_terms() -> None:
    checked = [
        (english, zh, translation)
        for english, translation in catalogue()
        for spellings, zh in glossary()
        if any(uses(s, english) for s in spellings)
    ]
    assert len(checked) >= 5  # the menus and docks already name a few terms
    assert not [(e, zh, t) for e, zh, t in checked if zh not in t]
