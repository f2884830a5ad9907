"""Body photos in Markdown: `![Mô tả ảnh](images/2021/x.jpg "Chú thích | Ảnh: Thu Hà")`.

A photo alone in its paragraph becomes a figure with its caption and credit;
one inside a sentence stays inline. Only paths under the photo folder
(`images/`, from the content folder; `{static}/images/…` and `/images/…` too)
are photos: any other image is left as Markdown writes it.

Derivatives are not known while Markdown runs (it runs once per file and
is cached), so the `<img>` gets a marker, `data-photo="images/2021/x.jpg"`,
that `photos.prepare` replaces with the `<picture>` once they exist.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

from .fields import split_title

MARKER = "data-photo"


def photo_source(src: str, folder: str = "images") -> str:
    """The content-relative path of a photo `src`, or "" when it is not one of ours."""
    path = src.strip()
    for prefix in ("{static}", "{attach}"):
        path = path.removeprefix(prefix)
    path = path.lstrip("/")
    return path if path.startswith(folder.rstrip("/") + "/") else ""


class PhotoTreeprocessor(Treeprocessor):
    def __init__(self, md, folder: str):
        super().__init__(md)
        self.folder = folder

    def run(self, root: ET.Element) -> None:
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "p" and self._alone(child):
                    parent[index] = self._figure(child[0])
                elif child.tag == "img" and (path := photo_source(child.get("src", ""), self.folder)):
                    self._mark(child, path)

    def _alone(self, paragraph: ET.Element) -> bool:
        """A paragraph holding one photo and nothing else."""
        if len(paragraph) != 1 or (paragraph.text or "").strip() or (paragraph[0].tail or "").strip():
            return False
        image = paragraph[0]
        return image.tag == "img" and bool(photo_source(image.get("src", ""), self.folder))

    def _mark(self, image: ET.Element, path: str) -> tuple[str, str]:
        caption, credit = split_title(image.attrib.pop("title", ""))
        image.set(MARKER, path)
        image.set("src", path)
        return caption, credit

    def _figure(self, image: ET.Element) -> ET.Element:
        caption, credit = self._mark(image, photo_source(image.get("src", ""), self.folder))
        image.tail = None
        figure = ET.Element("figure", {"class": "photo"})
        figure.append(image)
        if caption or credit:
            figcaption = ET.SubElement(figure, "figcaption")
            figcaption.text = caption
            if credit:
                if caption:
                    figcaption.text = caption + " "
                ET.SubElement(figcaption, "span", {"class": "credit"}).text = credit
        return figure


class PhotoExtension(Extension):
    """Add to MARKDOWN["extensions"]: `photos.PhotoExtension()` (or its dotted path)."""

    def __init__(self, **kwargs):
        self.config = {"folder": ["images", "photo folder under content/"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md) -> None:  # Markdown's name
        # After the inline patterns (20) have made the <img>, before prettify (10).
        md.treeprocessors.register(PhotoTreeprocessor(md, self.getConfig("folder")), "newsroom_photos", 15)


def makeExtension(**kwargs) -> PhotoExtension:  # the name Markdown looks for
    return PhotoExtension(**kwargs)
