"""Illustrations for the sample content and the portal's fallback link preview.

Not used by builds: run once, `python -m bench.sample_photos` from the repository root,
and commit what it draws (content/images/<year>/*.jpg and
theme/static/images/og-mac-dinh.jpg). Each illustration is credited
"Ảnh minh họa: Cổng tin tức". Needs the DejaVu Sans font for the text.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parents[1]
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
SIZE = (1600, 1000)
Draw = ImageDraw.ImageDraw


def gradient(size, top, bottom) -> Image.Image:
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(size[1]):
        t = y / (size[1] - 1)
        draw.line(
            [(0, y), (size[0], y)],
            fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    return image


def star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    """A five-pointed star's ten corners."""
    corners = []
    for i in range(10):
        reach = r if i % 2 == 0 else r * 0.4
        angle = math.radians(-90 + i * 36)
        corners.append((cx + reach * math.cos(angle), cy + reach * math.sin(angle)))
    return corners


def sky(top=(120, 180, 235), bottom=(235, 240, 245), horizon=620) -> tuple[Image.Image, Draw]:
    image = gradient(SIZE, top, bottom)
    draw = ImageDraw.Draw(image)
    return image, draw


def ground(draw: Draw, y: int, colour) -> None:
    draw.rectangle([0, y, SIZE[0], SIZE[1]], fill=colour)


def sun(draw: Draw, x, y, r=70, colour=(255, 222, 120)) -> None:
    draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)


def tree(draw: Draw, rnd: random.Random, x, y, scale=1.0, blossom=(206, 32, 42)) -> None:
    draw.polygon(
        [
            (x - 14 * scale, y),
            (x + 14 * scale, y),
            (x + 6 * scale, y - 220 * scale),
            (x - 6 * scale, y - 220 * scale),
        ],
        fill=(92, 62, 40),
    )
    for _ in range(90):
        a, d = rnd.uniform(0, 2 * math.pi), rnd.uniform(0, 170 * scale)
        cx, cy = x + math.cos(a) * d * 1.5, y - 260 * scale + math.sin(a) * d * 0.6
        r = rnd.uniform(18, 42) * scale
        shade = rnd.choice([blossom, tuple(max(0, c - 40) for c in blossom), (60, 130, 60)])
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=shade)


def people(draw: Draw, rnd: random.Random, y, count, colours, spread=(60, 1540), scale=1.0) -> None:
    for _ in range(count):
        x = rnd.uniform(*spread)
        s = scale * rnd.uniform(0.8, 1.15)
        colour = rnd.choice(colours)
        draw.rounded_rectangle([x - 22 * s, y - 110 * s, x + 22 * s, y], radius=int(14 * s), fill=colour)
        draw.ellipse([x - 16 * s, y - 150 * s, x + 16 * s, y - 116 * s], fill=(226, 182, 150))


def flag(draw: Draw, x, y, w=160) -> None:
    draw.line([(x, y), (x, y + 420)], fill=(120, 120, 120), width=8)
    draw.rectangle([x, y, x + w, y + w * 2 // 3], fill=(218, 37, 29))
    cx, cy, r = x + w / 2, y + w / 3, w / 6
    draw.polygon(star(cx, cy, r), fill=(255, 221, 0))


def building(draw: Draw, x, y, w, h, colour, window=(250, 236, 190)) -> None:
    draw.rectangle([x, y - h, x + w, y], fill=colour)
    for wy in range(int(y - h + 30), int(y - 40), 60):
        for wx in range(int(x + 24), int(x + w - 40), 56):
            draw.rectangle([wx, wy, wx + 28, wy + 34], fill=window)


def phuong_do(seed: int, night=False):
    rnd = random.Random(seed)
    image, draw = sky((40, 40, 90), (150, 90, 120)) if night else sky()
    ground(draw, 760, (90, 90, 95))
    draw.rectangle([0, 740, SIZE[0], 760], fill=(200, 200, 200))
    for x in range(120, 1600, 360):
        tree(draw, rnd, x + rnd.randint(-40, 40), 760, scale=rnd.uniform(1.0, 1.4))
    if night:
        for x in range(0, 1600, 80):
            draw.ellipse([x + 20, 160, x + 44, 184], fill=(255, 220, 120))
    people(draw, rnd, 980, 26, [(230, 230, 230), (200, 40, 50), (40, 80, 150), (240, 200, 60)])
    return image


def cau(seed: int):
    rnd = random.Random(seed)
    image, draw = sky((250, 170, 110), (250, 225, 190))
    sun(draw, 1200, 330, 90, (255, 240, 200))
    ground(draw, 640, (70, 110, 140))
    for _ in range(40):
        y = rnd.randint(650, 990)
        draw.line([(rnd.randint(0, 1500), y), (rnd.randint(0, 1600), y)], fill=(110, 150, 175), width=3)
    draw.rectangle([0, 600, SIZE[0], 630], fill=(60, 60, 70))
    for px in (520, 1080):
        draw.polygon([(px - 30, 640), (px + 30, 640), (px + 12, 180), (px - 12, 180)], fill=(230, 230, 235))
        for k in range(1, 12):
            draw.line([(px, 200), (px - k * 45, 605)], fill=(240, 240, 240), width=3)
            draw.line([(px, 200), (px + k * 45, 605)], fill=(240, 240, 240), width=3)
    return image


def cang(seed: int):
    rnd = random.Random(seed)
    image, draw = sky((150, 195, 230), (225, 235, 240))
    ground(draw, 700, (60, 95, 125))
    draw.rectangle([0, 620, SIZE[0], 700], fill=(120, 120, 125))
    colours = [(200, 60, 40), (40, 110, 170), (230, 170, 40), (60, 140, 90), (150, 150, 160)]
    for row in range(4):
        for col in range(18):
            x, y = 80 + col * 80, 620 - (row + 1) * 46
            if rnd.random() < 0.85 - row * 0.15:
                draw.rectangle([x, y, x + 76, y + 44], fill=rnd.choice(colours), outline=(40, 40, 40))
    for cx in (300, 900, 1350):
        draw.rectangle([cx, 180, cx + 24, 620], fill=(220, 80, 40))
        draw.rectangle([cx - 160, 180, cx + 260, 206], fill=(220, 80, 40))
        draw.line([(cx + 180, 206), (cx + 180, 400)], fill=(40, 40, 40), width=4)
    draw.polygon([(200, 820), (1300, 820), (1220, 920), (280, 920)], fill=(30, 50, 90))
    return image


def truong_hoc(seed: int):
    rnd = random.Random(seed)
    image, draw = sky()
    ground(draw, 740, (150, 190, 110))
    building(draw, 260, 740, 1080, 420, (240, 214, 120))
    draw.polygon([(230, 320), (1370, 320), (800, 190)], fill=(170, 60, 50))
    flag(draw, 120, 300)
    people(draw, rnd, 960, 30, [(255, 255, 255), (40, 70, 140)], scale=0.9)
    return image


def y_te(seed: int):
    rnd = random.Random(seed)
    image, draw = sky((200, 230, 240), (245, 250, 252))
    ground(draw, 760, (210, 215, 220))
    building(draw, 300, 760, 1000, 480, (245, 245, 245), (170, 210, 230))
    draw.rectangle([740, 300, 860, 540], fill=(210, 30, 45))
    draw.rectangle([680, 360, 920, 480], fill=(210, 30, 45))
    people(draw, rnd, 980, 18, [(250, 250, 250), (90, 170, 200)], scale=1.0)
    return image


def duong(seed: int):
    rnd = random.Random(seed)
    image, draw = sky((170, 200, 225), (235, 230, 220))
    ground(draw, 560, (120, 160, 90))
    draw.polygon([(700, 560), (900, 560), (1500, 1000), (100, 1000)], fill=(80, 80, 85))
    for k in range(8):
        t0, t1 = k / 8, k / 8 + 0.05
        draw.polygon(
            [
                (800 - 4 - 30 * t0, 560 + 440 * t0),
                (800 + 4 + 30 * t0, 560 + 440 * t0),
                (800 + 4 + 30 * t1, 560 + 440 * t1),
                (800 - 4 - 30 * t1, 560 + 440 * t1),
            ],
            fill=(250, 250, 250),
        )
    for _ in range(12):
        x, y = rnd.uniform(200, 1400), rnd.uniform(700, 960)
        s = (y - 500) / 400
        draw.polygon([(x, y - 60 * s), (x - 20 * s, y), (x + 20 * s, y)], fill=(245, 120, 20))
    draw.rectangle([1150, 420, 1400, 560], fill=(240, 180, 30))
    draw.line([(1200, 420), (1000, 260)], fill=(240, 180, 30), width=22)
    return image


def hoi_nghi(seed: int):
    rnd = random.Random(seed)
    image = gradient(SIZE, (120, 20, 30), (60, 10, 15))
    draw = ImageDraw.Draw(image)
    draw.rectangle([200, 120, 1400, 520], fill=(176, 24, 36))
    draw.rectangle([200, 520, 1400, 600], fill=(230, 200, 150))
    sun(draw, 800, 260, 80, (255, 210, 60))
    font = ImageFont.truetype(FONT, 54)
    draw.text((800, 430), "HỘI NGHỊ", font=font, fill=(255, 230, 150), anchor="mm")
    for row in range(4):
        people(
            draw,
            rnd,
            700 + row * 90,
            16,
            [(40, 40, 50), (230, 230, 230), (60, 80, 130)],
            scale=0.7 + row * 0.1,
        )
    return image


def tet(seed: int):
    rnd = random.Random(seed)
    image = gradient(SIZE, (180, 20, 30), (240, 120, 60))
    draw = ImageDraw.Draw(image)
    tree(draw, rnd, 1200, 1000, scale=2.0, blossom=(255, 170, 190))
    for x in range(150, 900, 180):
        draw.line([(x, 0), (x, 180)], fill=(90, 60, 20), width=4)
        draw.ellipse([x - 60, 180, x + 60, 330], fill=(230, 40, 30), outline=(255, 200, 60), width=6)
    font = ImageFont.truetype(FONT, 96)
    draw.text((520, 620), "XUÂN", font=font, fill=(255, 220, 80), anchor="mm")
    return image


def so_hoa(seed: int):
    rnd = random.Random(seed)
    image = gradient(SIZE, (12, 40, 90), (20, 110, 160))
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        x, y = rnd.randrange(0, 1600, 40), rnd.randrange(0, 1000, 40)
        dx, dy = rnd.choice([(1, 0), (0, 1)])
        length = rnd.randrange(80, 400, 40)
        draw.line([(x, y), (x + dx * length, y + dy * length)], fill=(90, 200, 230), width=4)
        draw.ellipse([x - 8, y - 8, x + 8, y + 8], fill=(160, 240, 255))
    draw.rounded_rectangle([560, 300, 1040, 700], radius=30, fill=(240, 248, 255))
    draw.rectangle([600, 340, 1000, 620], fill=(30, 90, 150))
    for k in range(5):
        draw.rectangle([630 + k * 72, 580 - k * 40, 680 + k * 72, 600], fill=(250, 200, 60))
    return image


def ra_quan(seed: int):
    rnd = random.Random(seed)
    image, draw = sky((180, 205, 225), (235, 235, 235))
    ground(draw, 700, (90, 90, 95))
    draw.rectangle([1320, 240, 1360, 700], fill=(60, 60, 60))
    draw.rounded_rectangle([1290, 180, 1390, 440], radius=20, fill=(30, 30, 30))
    for k, colour in enumerate([(230, 40, 40), (240, 190, 40), (40, 190, 80)]):
        draw.ellipse([1310, 196 + k * 80, 1370, 256 + k * 80], fill=colour)
    people(draw, rnd, 900, 14, [(230, 200, 60), (40, 60, 40)], spread=(100, 1150), scale=1.2)
    return image


def nhap_ngu(seed: int):
    rnd = random.Random(seed)
    image, draw = sky()
    ground(draw, 760, (170, 150, 110))
    flag(draw, 760, 160, 220)
    for row in range(3):
        people(draw, rnd, 860 + row * 60, 22, [(70, 100, 50), (80, 110, 60)], scale=0.8 + row * 0.1)
    return image


def phong_chay(seed: int):
    rnd = random.Random(seed)
    image, draw = sky((90, 90, 100), (200, 170, 150))
    ground(draw, 760, (80, 80, 85))
    building(draw, 200, 760, 520, 460, (150, 130, 120))
    for _ in range(40):
        x, y, r = rnd.uniform(260, 680), rnd.uniform(260, 520), rnd.uniform(30, 80)
        draw.ellipse(
            [x - r, y - r, x + r, y + r], fill=rnd.choice([(250, 120, 30), (250, 200, 60), (220, 60, 30)])
        )
    draw.rounded_rectangle([900, 600, 1450, 800], radius=20, fill=(210, 30, 30))
    for wx in (980, 1350):
        draw.ellipse([wx - 50, 760, wx + 50, 860], fill=(30, 30, 30))
    draw.line([(1000, 600), (700, 420)], fill=(200, 200, 200), width=14)
    return image.filter(ImageFilter.SMOOTH)


def khen_thuong(seed: int):
    image = gradient(SIZE, (120, 20, 30), (200, 60, 50))
    draw = ImageDraw.Draw(image)
    draw.polygon([(700, 120), (760, 120), (820, 420), (760, 420)], fill=(40, 90, 170))
    draw.polygon([(900, 120), (840, 120), (780, 420), (840, 420)], fill=(220, 40, 40))
    draw.ellipse([600, 380, 1000, 780], fill=(240, 190, 50), outline=(255, 230, 140), width=14)
    draw.polygon(star(800, 580, 130), fill=(200, 40, 40))
    return image


def nong_thon(seed: int):
    rnd = random.Random(seed)
    image, draw = sky((140, 200, 240), (230, 240, 240))
    ground(draw, 520, (110, 170, 70))
    for k in range(10):
        y = 540 + k * 48
        draw.line([(0, y), (1600, y + rnd.randint(-20, 20))], fill=(90, 150, 50), width=6)
    draw.polygon([(760, 520), (840, 520), (1300, 1000), (300, 1000)], fill=(150, 150, 150))
    for x in (150, 400, 1250):
        tree(draw, rnd, x, 560, 0.8, blossom=(60, 140, 60))
    return image


def nha_may(seed: int):
    rnd = random.Random(seed)
    image, draw = sky((170, 210, 240), (240, 245, 245))
    ground(draw, 760, (140, 160, 140))
    for x in range(100, 1500, 300):
        draw.rectangle([x, 460, x + 260, 760], fill=(210, 215, 225))
        draw.polygon([(x, 460), (x + 130, 380), (x + 260, 460)], fill=(60, 110, 170))
    for x in (300, 1000):
        draw.rectangle([x, 200, x + 50, 460], fill=(180, 180, 185))
        for k in range(4):
            r = 40 + k * 16
            cx, cy = x + 25 + k * 40, 170 - k * 50
            draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(235, 235, 240))
    people(draw, rnd, 960, 12, [(40, 80, 150), (240, 200, 60)], scale=1.0)
    return image


# name -> (folder, drawing, seed)
SCENES: dict[str, tuple[str, Callable[[int], Image.Image], int]] = {
    "le-phat-dong-thi-dua": ("2021", hoi_nghi, 1),
    "khu-cong-nghiep": ("2021", nha_may, 2),
    "tiem-vac-xin": ("2021", y_te, 3),
    "giai-phong-mat-bang": ("2021", duong, 4),
    "ky-thi-tot-nghiep": ("2021", truong_hoc, 5),
    "cham-lo-tet": ("2022", tet, 6),
    "dien-tap-phong-thu": ("2022", nhap_ngu, 7),
    "chuyen-doi-so": ("2022", so_hoa, 8),
    "tong-ket-khen-thuong": ("2022", khen_thuong, 9),
    "hoa-phuong-khai-mac": ("2023", phuong_do, 10),
    "hoa-phuong-duong-pho": ("2023", phuong_do, 11),
    "hoa-phuong-dem-hoi": ("2023", lambda s: phuong_do(s, night=True), 12),
    "cang-hai-phong": ("2023", cang, 13),
    "duong-nong-thon": ("2023", nong_thon, 14),
    "ra-quan-giao-thong": ("2023", ra_quan, 15),
    "phong-chay-chua-chay": ("2023", phong_chay, 16),
    "nhap-ngu": ("2023", nhap_ngu, 17),
    "cau-ven-bien": ("2024", cau, 18),
    "khai-giang": ("2024", truong_hoc, 19),
    "xuat-khau": ("2024", cang, 20),
    "phong-chong-sot-xuat-huyet": ("2025", y_te, 21),
    "hoi-nghi-kinh-te-xa-hoi": ("2026", hoi_nghi, 22),
}


def fallback_preview() -> Image.Image:
    """The portal's own link preview (1200x630): for pages without a photo."""
    image = gradient((1200, 630), (163, 20, 26), (110, 12, 18))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 590, 1200, 630], fill=(255, 213, 74))
    cx, cy, r = 170, 300, 110
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(200, 16, 46), outline=(255, 213, 74), width=8)
    draw.polygon(star(cx, cy, 80), fill=(255, 213, 74))
    big, small = ImageFont.truetype(FONT, 58), ImageFont.truetype(FONT.replace("-Bold", ""), 34)
    draw.text((330, 220), "CỔNG TIN TỨC", font=big, fill="white")
    draw.text((330, 295), "THÀNH PHỐ HẢI PHÒNG", font=big, fill="white")
    draw.text((330, 390), "Thông tin chính thống của chính quyền thành phố", font=small, fill=(255, 230, 160))
    return image


def main() -> None:
    for name, (folder, drawing, seed) in SCENES.items():
        target = ROOT / "content" / "images" / folder / f"{name}.jpg"
        target.parent.mkdir(parents=True, exist_ok=True)
        drawing(seed).save(target, "JPEG", quality=85, optimize=True, progressive=True)
    preview = ROOT / "theme" / "static" / "images" / "og-mac-dinh.jpg"
    preview.parent.mkdir(parents=True, exist_ok=True)
    fallback_preview().save(preview, "JPEG", quality=88, optimize=True)


if __name__ == "__main__":
    main()
