"""Legal texts (contract clauses, attestations) read from editable files in resources/legal/.

The files use a small part of Markdown, so any text editor will do (see the README there):
``# Titre``; ``## Article`` (numbered when printed); ``## Article [si: drapeau]`` printed
only when the document sets the flag (``[sauf: drapeau]`` when it does not; ``## [si: x]``
alone: a conditional passage without a heading, ``##`` alone ends it); ``- `` a bullet; ``**gras**``; ``{champ}``
replaced by the document's value; a line ``[bloc]`` where the document puts a table;
``<!-- note -->`` ignored. An unknown ``{champ}`` is an error naming the file, never a
silent blank.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph

from chantier_app.i18n import tr
from chantier_app.paths import resource_path
from chantier_app.reports.base import styles, unbreakable
from chantier_app.reports.errors import DocumentError

_PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)\}")
_CONDITION = re.compile(r"\[(si|sauf)\s*:\s*([a-z0-9_]+)\]\s*$")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_INSERT = re.compile(r"^\[([a-z0-9_]+)\]$")


@dataclass
class Section:
    heading: str | None
    condition: tuple[str, str] | None = None  # ("si" | "sauf", flag)
    blocks: list[tuple[str, str]] = field(default_factory=list)  # ("p" | "li" | "insert", text)

    def applies(self, flags: Collection[str]) -> bool:
        if self.condition is None:
            return True
        word, flag = self.condition
        return (flag in flags) == (word == "si")


@dataclass
class LegalText:
    name: str
    title: str | None
    sections: list[Section]


def load(name: str, texts_dir: Path | None) -> LegalText:
    """Read and parse the text ``name``: the association's own (``texts_dir``, the
    document's ``StructureInfo.texts_dir``) when it has one, else ``resources/legal``."""
    return parse(name, _read(name, texts_dir))


_READ: dict[Path, tuple[tuple[int, int], str]] = {}


def text_path(name: str, texts_dir: Path | None) -> Path:
    """The association's own version of a text when it has one (its data folder's
    « textes »), else the one shipped with the application."""
    if texts_dir is not None and (texts_dir / name).is_file():
        return texts_dir / name
    return resource_path("legal", name)


def _read(name: str, texts_dir: Path | None) -> str:
    """The text as it is now: staff may edit it between two prints (README.md). Read again
    only when the file changed, so a batch of hundreds of documents reads it once."""
    path = text_path(name, texts_dir)
    try:
        stat = path.stat()
        key = (stat.st_mtime_ns, stat.st_size)
        cached = _READ.get(path)
        if cached is not None and cached[0] == key:
            return cached[1]
        raw = path.read_text(encoding="utf-8")
    except OSError as error:
        raise DocumentError(
            tr("Le texte juridique « {name} » est introuvable ({path}).").format(
                name=name, path=path
            )
        ) from error
    except UnicodeDecodeError as error:
        raise DocumentError(
            tr(
                "Le texte juridique {path} n'est pas enregistré en UTF-8 : ouvrez-le et "
                "enregistrez-le en UTF-8."
            ).format(path=path)
        ) from error
    _READ[path] = (key, raw)
    return raw


def parse(name: str, raw: str) -> LegalText:
    title: str | None = None
    sections = [Section(None)]
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            sections[-1].blocks.append(("p", " ".join(paragraph)))
            paragraph.clear()

    for line in _COMMENT.sub("", raw).splitlines():
        stripped = line.strip()
        if not stripped:
            flush()
        elif stripped == "##":  # back to unconditional text, without a heading
            flush()
            sections.append(Section(None))
        elif stripped.startswith("## "):
            flush()
            heading = stripped[3:].strip()
            match = _CONDITION.search(heading)
            condition = (match.group(1), match.group(2)) if match else None
            if match:
                heading = heading[: match.start()].strip()
            sections.append(Section(heading, condition))
        elif stripped.startswith("# "):
            flush()
            title = stripped[2:].strip()
        elif stripped.startswith("- "):
            flush()
            sections[-1].blocks.append(("li", stripped[2:].strip()))
        elif _INSERT.match(stripped):
            flush()
            sections[-1].blocks.append(("insert", stripped[1:-1]))
        else:
            paragraph.append(stripped)
    flush()
    return LegalText(name, title, [s for s in sections if s.heading or s.blocks or s.condition])


def fill(source: str, template: str, values: Mapping[str, str]) -> str:
    """ReportLab markup: the template escaped, bold applied, then each value (escaped)."""
    marked = _replace(source, _BOLD.sub(r"<b>\1</b>", escape(template)), values, escape)
    return unbreakable(marked)


def plain(source: str, template: str, values: Mapping[str, str]) -> str:
    """Plain text (a title, a file name): values as they are, no bold."""
    return _replace(source, template.replace("**", ""), values, str)


def _replace(
    source: str, template: str, values: Mapping[str, str], wrap: Callable[[str], str]
) -> str:
    def value_of(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in values:
            known = ", ".join(f"{{{k}}}" for k in sorted(values))
            raise DocumentError(
                tr(
                    "Le texte juridique « {name} » contient le champ {{{key}}}, qui n'existe pas "
                    "pour ce document. Champs possibles : {known}."
                ).format(name=source, key=key, known=known)
            )
        return wrap(values[key])

    return _PLACEHOLDER.sub(value_of, template)


def title_of(text: LegalText, values: Mapping[str, str], default: str) -> str:
    """The file's ``# Titre`` filled in, or ``default``."""
    return default if text.title is None else plain(text.name, text.title, values)


def flowables(
    text: LegalText,
    values: Mapping[str, str],
    flags: Collection[str] = (),
    *,
    inserts: Mapping[str, list[Flowable]] | None = None,
    numbered: bool = True,
    body_style: ParagraphStyle | None = None,
) -> list[Flowable]:
    """The sections that apply; ``[nom]`` lines replaced by ``inserts[nom]`` (tables...)."""
    st = styles()
    inserts = inserts or {}
    story: list[Flowable] = []
    number = 1
    for section in text.sections:
        if not section.applies(flags):
            continue
        parts: list[Flowable] = []
        if section.heading:
            heading = fill(text.name, section.heading, values)
            if numbered:
                heading = tr("Article {n} – {heading}").format(n=number, heading=heading)
                number += 1
            parts.append(Paragraph(heading, st.heading))
        for kind, block in section.blocks:
            if kind == "insert":
                if block not in inserts:
                    raise DocumentError(
                        tr(
                            "Le texte juridique « {name} » demande le bloc [{block}], qui "
                            "n'existe pas pour ce document."
                        ).format(name=text.name, block=block)
                    )
                parts.extend(inserts[block])
            elif kind == "li":
                parts.append(Paragraph(fill(text.name, block, values), st.bullet, bulletText="–"))
            else:
                parts.append(Paragraph(fill(text.name, block, values), body_style or st.legal))
        # A short article stays in one piece; headings keep with what follows anyway.
        if 0 < len(parts) <= 4 and all(isinstance(p, Paragraph) for p in parts):
            story.append(KeepTogether(parts))
        else:
            story.extend(parts)
    return story
