"""Real JPEG photos for bench/archive.py (`make_archive(..., photos=True)`).

A city portal's photos are camera shots: 1600x1067 or 1200x800, a few
portrait, a few small ones sent by a district office, JPEG quality about 85,
100-400 KB each, every article its own. Drawing thousands of pictures would
be slow, so a few dozen base pictures (sky and ground gradients, buildings,
trees, a stage banner, people, sensor-like noise so encoders work as on real
photos) are drawn once; each photo is then a shifted crop of one, sometimes
mirrored, often tinted and exposed its own way. No two photos have the same bytes
(the portal caches derivatives by a digest of the source bytes). Seeded,
noise included: the same generator writes the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import random
from pathlib import Path

from PIL import Image, ImageDraw

from bench.archive_words import ISSUERS, PLACES, TOPICS

LANDSCAPE_BASE, PORTRAIT_BASE = (1900, 1300), (1300, 1900)
BASES = {"landscape": 24, "portrait": 6}
# (width, height, base, share): what an office's cameras and phones send.
LEAD_SIZES = [(1600, 1067, "landscape", 0.62), (1200, 800, "landscape", 0.3), (1067, 1600, "portrait", 0.08)]
BODY_SIZES = [*LEAD_SIZES[:2], (800, 1200, "portrait", 0.08), (640, 427, "landscape", 0.15)]
PHOTOGRAPHERS = ["Thu Hà", "Minh Đức", "Hoàng Long", "Ngọc Anh", "Văn Tuấn", "Quang Huy", "Thanh Bình"]
ALTS = [
    "Quang cảnh hội nghị về {topic}",
    "Lãnh đạo {who} phát biểu chỉ đạo tại hội nghị",
    "Đoàn công tác kiểm tra thực tế tại {place}",
    "Người dân làm thủ tục tại bộ phận một cửa {place}",
    "Công nhân thi công trên công trường tại {place}",
    "Các đại biểu bấm nút khởi công công trình tại {place}",
    "Lực lượng chức năng ra quân tại {place}",
    "Cán bộ {who} trao đổi với người dân về {topic}",
]
CAPTIONS = [
    "{who} kiểm tra {topic} tại {place}",
    "Quang cảnh hội nghị sáng {day}/{month}",
    "Đại biểu dự lễ phát động {topic}",
    "Lãnh đạo {place} báo cáo kết quả {topic}",
    "Toàn cảnh buổi làm việc chiều {day}/{month}/{year}",
]


def _credit(rng: random.Random) -> str:
    roll, name = rng.random(), rng.choice(PHOTOGRAPHERS)
    if roll < 0.55:
        return f"Ảnh: {name}"
    if roll < 0.85:
        return name  # the portal shows it as "Ảnh: …"
    return rng.choice(["Ảnh: Cổng TTĐT thành phố", "Ảnh: Báo Hải Phòng", f"Ảnh: {name} - Cổng TTĐT"])


def _text(rng: random.Random, templates: list[str], year: int) -> str:
    return rng.choice(templates).format(
        who=rng.choice(list(ISSUERS)), topic=rng.choice(TOPICS), place=rng.choice(PLACES),
        day=rng.randint(1, 28), month=rng.randint(1, 12), year=year,
    )  # fmt: skip


def _colour(rng: random.Random, low: int = 0, high: int = 255) -> tuple[int, int, int]:
    return (rng.randint(low, high), rng.randint(low, high), rng.randint(low, high))


def _gradient(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], top, bottom) -> None:
    left, upper, right, lower = box
    for y in range(upper, lower):
        t = (y - upper) / max(1, lower - upper - 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(left, y), (right, y)], fill=colour)


def draw_base(rng: random.Random, size: tuple[int, int], noise: Image.Image) -> Image.Image:
    """One scene: drawn at half size (soft edges once enlarged), then grained."""
    width, height = size[0] // 2, size[1] // 2
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    horizon = rng.randint(height * 2 // 5, height * 3 // 4)
    _gradient(draw, (0, 0, width, horizon), _colour(rng, 90, 200), _colour(rng, 200, 250))
    _gradient(draw, (0, horizon, width, height), _colour(rng, 70, 160), _colour(rng, 20, 90))
    indoor = rng.random() < 0.4  # a meeting hall: a red banner across the stage
    if indoor:
        top = rng.randint(height // 12, height // 4)
        draw.rectangle([width // 10, top, width * 9 // 10, top + height // 6], fill=(170, 25, 30))
        for x in range(width // 8, width * 7 // 8, rng.randint(18, 30)):
            draw.rectangle([x, top + height // 20, x + 8, top + height // 20 + 10], fill=(250, 215, 90))
    for _ in range(rng.randint(4, 12)):  # buildings with windows
        x, w, h = rng.randint(-20, width), rng.randint(40, 160), rng.randint(40, horizon)
        draw.rectangle([x, horizon - h, x + w, horizon], fill=_colour(rng, 60, 220))
        for wy in range(horizon - h + 8, horizon - 10, 16):
            for wx in range(x + 6, x + w - 8, 14):
                draw.rectangle([wx, wy, wx + 6, wy + 8], fill=_colour(rng, 30, 120))
    for _ in range(rng.randint(3, 15)):  # trees
        x, y, r = rng.randint(0, width), horizon + rng.randint(-20, 30), rng.randint(12, 50)
        draw.rectangle([x - 3, y, x + 3, y + r], fill=(80, 55, 35))
        draw.ellipse(
            [x - r, y - 2 * r, x + r, y + r // 3], fill=(rng.randint(20, 70), rng.randint(90, 160), 40)
        )
    for _ in range(rng.randint(5, 40)):  # people
        x, y = rng.randint(0, width), rng.randint(horizon, height)
        s = 4 + (y - horizon) // 12
        draw.ellipse([x - s, y - 5 * s, x + s, y - 3 * s], fill=(rng.randint(150, 230), 140, 110))
        draw.rectangle([x - 2 * s, y - 3 * s, x + 2 * s, y + 2 * s], fill=_colour(rng, 10, 240))
    image = image.resize(size, Image.Resampling.BICUBIC)
    offset = rng.randint(0, noise.width - size[0]), rng.randint(0, noise.height - size[1])
    grain = noise.crop((*offset, offset[0] + size[0], offset[1] + size[1]))
    return Image.blend(image, grain, 0.07)


class Photographer:
    """Writes `content/images/<year>/*.jpg` and the photo fields of the articles."""

    def __init__(self, seed: str, content: Path):
        self.seed, self.rng, self.content = seed, random.Random(seed), content
        self.noise: Image.Image | None = None
        self.bases: dict[tuple[str, int], Image.Image] = {}  # each drawn when first used
        self.digests: set[str] = set()
        self.leads: dict[int, list[tuple[str, str]]] = {}  # year -> (path, alt) of lead photos
        self.count = 0

    def base(self, kind: str, number: int) -> Image.Image:
        """Base picture `number` of a kind, from its own seed: a small archive draws a few."""
        if self.noise is None:
            side, rng = max(LANDSCAPE_BASE) + 200, random.Random(f"{self.seed}-noise")
            self.noise = Image.merge(
                "RGB", [Image.frombytes("L", (side, side), rng.randbytes(side * side))] * 3
            )
        if (kind, number) not in self.bases:
            size = PORTRAIT_BASE if kind == "portrait" else LANDSCAPE_BASE
            rng = random.Random(f"{self.seed}-{kind}-{number}")
            self.bases[kind, number] = draw_base(rng, size, self.noise)
        return self.bases[kind, number]

    def shoot(self, year: int, sizes: list[tuple[int, int, str, float]]) -> str:
        """A new photo of the year; its path from the content folder."""
        rng = self.rng
        width, height, kind, _ = rng.choices(sizes, weights=[s[3] for s in sizes])[0]
        small = width < 800  # a phone photo sent small: a wider crop, halved
        crop_w, crop_h = (width * 2, height * 2) if small else (width, height)
        while True:
            base = self.base(kind, rng.randrange(BASES[kind]))
            x, y = rng.randint(0, base.width - crop_w), rng.randint(0, base.height - crop_h)
            photo = base.crop((x, y, x + crop_w, y + crop_h))
            if small:
                photo = photo.reduce(2)
            if rng.random() < 0.5:
                photo = photo.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
            if rng.random() < 0.5:  # another light, another white balance (half: it costs a fifth)
                gains = [rng.uniform(0.8, 1.05) for _ in range(3)]
                lift = rng.randint(0, 20)
                photo = photo.point([min(255, round(lift + v * g)) for g in gains for v in range(256)])
            data = io.BytesIO()
            photo.save(data, "JPEG", quality=rng.randint(82, 88))
            digest = hashlib.sha256(data.getvalue()).hexdigest()
            if digest not in self.digests:  # the same crop and tint twice: draw again
                break
        self.digests.add(digest)
        self.count += 1
        if rng.random() < 0.2:
            name = f"DSC_{self.count:04d}.JPG"  # straight from the camera
        else:
            name = f"anh-{rng.choice(['hoi-nghi', 'kiem-tra', 'le-phat-dong', 'cong-trinh', 'tiep-dan'])}"
            name += f"-{self.count:05d}.jpg"
        path = f"images/{year}/{name}"
        folder = self.content / "images" / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data.getvalue())
        return path

    def lead(self, year: int) -> list[str]:
        """The lead photo's fields for an article of `year` (none for about a third)."""
        rng = self.rng
        if rng.random() >= 0.65:
            return []
        earlier = self.leads.get(year, [])
        if earlier and rng.random() < 0.05:  # the same photo as another article of the year
            path, alt = rng.choice(earlier)
        else:
            path, alt = self.shoot(year, LEAD_SIZES), _text(rng, ALTS, year)
            self.leads.setdefault(year, []).append((path, alt))
        lines = [f"Image: {path}", f"Image_alt: {alt}"]
        if rng.random() < 0.8:
            lines.append(f"Image_caption: {_text(rng, CAPTIONS, year)}")
        if rng.random() < 0.85:
            lines.append(f"Image_credit: {_credit(rng)}")
        return lines

    def body(self, year: int, text: str) -> tuple[str, int]:
        """`text` with one or two photos as paragraphs of their own (about one article in ten)."""
        rng = self.rng
        if rng.random() >= 0.1:
            return text, 0
        blocks = text.split("\n\n")
        added = rng.choice([1, 1, 2])
        for _ in range(added):
            path = self.shoot(year, BODY_SIZES)
            src = f"{{static}}/{path}" if rng.random() < 0.5 else path
            roll = rng.random()
            if roll < 0.6:
                title = f' "{_text(rng, CAPTIONS, year)} | {_credit(rng)}"'
            elif roll < 0.8:  # a credit alone must say "Ảnh", or it reads as a caption
                credit = _credit(rng)
                title = f' "{credit if credit.startswith("Ảnh") else "Ảnh: " + credit}"'
            else:
                title = ""
            blocks.insert(rng.randint(1, len(blocks)), f"![{_text(rng, ALTS, year)}]({src}{title})")
        return "\n\n".join(blocks), added
