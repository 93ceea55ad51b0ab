"""Markdown images put inside the markdown, for pages that cannot fetch ``../images/``.

Both the slides (``tools/build_slides.py``) and the lecture view (``tools/lecture.py``)
show a notebook away from its folder; an image embedded as a data URL needs no serving.
"""

import base64
import mimetypes
import re

__all__ = ["IMAGE", "embed_images"]

# alt text may hold one level of brackets: ![loss for scores [0, s]](...)
IMAGE = re.compile(r"(!\[(?:[^\[\]]|\[[^\[\]]*\])*\]\()([^)\s]+)(\s+\"[^\"]*\")?\)")


def embed_images(markdown, folder, missing):
    """``markdown`` with each image file (``![alt](../images/x.svg)``, relative to
    ``folder``) put inside it as a data URL; names of missing files go to ``missing``.
    (nbconvert's own ``embed_images`` only reads files below the notebook's folder.)
    """
    def embed(match):
        src = match.group(2)
        if re.match(r"[a-z]+:", src):   # data:, or a link to elsewhere: left to the network check
            return match.group(0)
        path = (folder / src).resolve()
        if not path.is_file():   # say so on the page and in the build's output
            missing.append(src)
            return f"*[figure {src} is missing: run `make figures`]*"
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"{match.group(1)}data:{mime};base64,{data}{match.group(3) or ''})"

    return IMAGE.sub(embed, markdown)
