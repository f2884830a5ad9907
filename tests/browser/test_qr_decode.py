"""The article's QR code, as Chromium displays it, decodes to the article's address."""

from __future__ import annotations

import base64

import pytest
from playwright.sync_api import expect

from .pages import SEED, Site, unavailable

pytestmark = pytest.mark.browser


PNG_TO_GREY = """async (png) => {
  const bytes = Uint8Array.from(atob(png), c => c.charCodeAt(0));
  const bitmap = await createImageBitmap(new Blob([bytes], {type: "image/png"}));
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext("2d");
  context.drawImage(bitmap, 0, 0);
  const rgba = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
  let grey = "";
  for (let i = 0; i < rgba.length; i += 4) {
    grey += String.fromCharCode(Math.round(0.299 * rgba[i] + 0.587 * rgba[i + 1] + 0.114 * rgba[i + 2]));
  }
  return [btoa(grey), bitmap.width, bitmap.height];
}"""


def test_article_qr_code_as_displayed_decodes_to_the_article_address(new_context, site: Site):
    try:
        from pyzbar import pyzbar
    except ImportError as error:  # the zbar library (libzbar0) or pyzbar itself
        unavailable(f"pyzbar cannot decode QR codes here: {error}")
    page = new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=2).new_page()
    article_url = site.url(SEED)
    page.goto(article_url)
    qr = page.get_by_role("img", name=article_url)
    expect(qr).to_be_visible()
    qr.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=qr.element_handle())
    png = qr.screenshot()
    grey, width, height = page.evaluate(PNG_TO_GREY, base64.b64encode(png).decode("ascii"))
    decoded = pyzbar.decode((base64.b64decode(grey), width, height))
    assert [symbol.data.decode("utf-8") for symbol in decoded] == [article_url]
