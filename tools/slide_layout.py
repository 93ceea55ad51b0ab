"""Cutting a notebook into reveal.js slides that fit 1280 x 720: the heights of text,
code and pictures estimated, internal comments stripped, long code split.

``slide_notebook(nb)`` is the entry point; ``tools/build_slides.py`` renders its result.
"""

import base64
import html
import math
import re

import nbformat

from tools.markdown_images import IMAGE

# the picture types an explorer stores beside its live view
PICTURES = ("image/svg+xml", "image/png")

# --- fitting a slide --------------------------------------------------------------------
# A deck is drawn on a 1280 x 720 slide (reveal.js scales it to the screen).  The build
# cuts the notebook into slides that fit, from an estimate of each part's height at the
# sizes set in slides/index.html.j2; tests/e2e/test_slides_in_browser.py measures the
# result in a browser at 1280 x 720.  Headings start a slide; text that would not fit goes
# on to a slide headed "..., continued"; a picture gets a slide of its own, as large as
# the slide allows; code too long for a slide is cut at blank lines.

SLIDE_W, SLIDE_H = 1280, 720
PAD = 24                   # px around a slide's content (slides/index.html.j2: --bp-pad)
ROOM = 640                 # px of estimated height one slide may hold: some margin below 672
TEXT_LINE = 33             # body text: 24 px, line height 1.35
TEXT_CHARS = 96            # characters on a line of body text (about 100 fit; wrapping wastes some)
CODE_LINE = 24             # code and printed output: 18 px monospace, line height 1.3
LONG_CODE_LINE = 21        # code alone on its slide: 16 px
CODE_CHARS = 110           # monospace characters on a line
MAX_CODE_LINES = 26        # more lines than this are cut at blank lines onto several slides
CELL_GAP = 16              # around each block or cell
TABLE_LINE = 30            # a table's text: 22 px, line height 1.35
TABLE_ROW = 10             # px a table row adds around its text
TABLE_CHARS = 100          # characters across a table (its columns share them; some wasted)
TABLE_MARGIN = 15          # px above and below a table
MATH_CHARS = 80            # visible characters of a display formula that fit across a slide
HEADING = {1: 46, 2: 38, 3: 32, 4: 28}   # px font sizes of the headings
LIST_ITEM = re.compile(r"(?:[-*+]|\d+[.)])\s")
FIGURE_BOX = (SLIDE_W - 2 * PAD, SLIDE_H - 2 * PAD - 56)   # a picture's room: a caption line below
LABEL_PX = 18.5            # smallest graph label on the slide, in slide pixels
INTERNAL = re.compile(r"#\s*(?:noqa\b|type:\s*ignore|pragma\b|nbval|fmt:|pylint:|isort:|jupytext\b)"
                      r"|\b(?:static twin|without a kernel|the (?:build|kernel)|slides?\b|nbval)",
                      re.I)


def strip_internal_comments(source):
    """``source`` without the comments that talk to tools or about how the notebook is
    built (``# noqa: E402``, ``# NBVAL_...``, ``# the static twin: ...``): they are
    noise on a slide.  A comment line of that kind goes; a trailing one is cut off.
    Code that Python cannot tokenize (an IPython magic) is returned as it is.
    """
    import io
    import tokenize
    try:
        tokens = [t for t in tokenize.generate_tokens(io.StringIO(source).readline)
                  if t.type == tokenize.COMMENT and INTERNAL.search(t.string)]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return source
    lines = source.split("\n")
    drop = set()
    for token in tokens:
        row, col = token.start
        before = lines[row - 1][:col].rstrip()
        if before:
            lines[row - 1] = before
        else:
            drop.add(row - 1)
    return "\n".join(line for i, line in enumerate(lines) if i not in drop)


def markdown_blocks(source):
    """``source`` cut into blocks: headings, paragraphs, list items, tables, fenced code
    and display math, each kept whole."""
    blocks, current, fence, math = [], [], False, False

    def close():
        if current:
            blocks.append("\n".join(current))
            current.clear()

    for line in source.split("\n"):
        stripped = line.strip()
        if fence or math:
            current.append(line)
            if fence and stripped.startswith("```"):
                fence = False
            elif math and stripped.count("$$") % 2:
                math = False
            continue
        if stripped.startswith("```"):
            close()
            current.append(line)
            fence = True
        elif re.match(r"#{1,6} ", stripped):
            close()
            blocks.append(stripped)
        elif not stripped:
            close()
        elif LIST_ITEM.match(line) and current and not current[0].startswith("|"):
            close()               # a new top-level list item: a block of its own
            current.append(line)
        else:
            if stripped.startswith("$$") and stripped.count("$$") % 2 and not current:
                math = True
            current.append(line)
    close()
    return [b for b in blocks if b.strip()]


def visible_text(markdown):
    """Roughly the characters a reader sees: no link targets, tags or markup."""
    text = re.sub(r"\]\([^)]*\)", "]", markdown)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"[*_`#>\[\]]|\\[a-zA-Z]+", "", text)


def table_rows(block):
    """The cells' texts of each row of a markdown table, its |---| line left out."""
    rows = []
    for line in block.split("\n"):
        line = line.strip()
        if line and not re.match(r"\|?\s*:?-", line):
            rows.append([c.strip() for c in re.split(r"(?<!\\)\|", line.strip("|"))])
    return rows


def table_row_heights(block):
    """Estimated height (slide px) of each row of a markdown table, its header first.

    The browser gives each column a share of the width that grows with its longest
    cell; a row is as tall as its cell with the most wrapped lines."""
    rows = [[len(visible_text(c)) for c in row] for row in table_rows(block)]
    columns = max(map(len, rows))
    widest = [max((row[i] for row in rows if i < len(row)), default=0) or 1
              for i in range(columns)]
    chars = [max(4, TABLE_CHARS * w // sum(widest)) for w in widest]
    return [TABLE_ROW + TABLE_LINE * max(max(1, -(-n // chars[i])) for i, n in enumerate(row))
            for row in rows]


def split_table(block, first, rest):
    """A markdown table cut into tables of whole rows, each with the header row again:
    the first at most ``first`` px tall, the others ``rest`` (a piece holds at least one
    row; if not even one fits in ``first``, the first piece is empty and left out)."""
    lines = [line for line in block.split("\n") if line.strip()]
    rule = next((i for i, line in enumerate(lines) if re.match(r"\|?\s*:?-", line.strip())),
                None)
    if rule is None or rule + 1 >= len(lines):
        return [block]
    head, body = lines[:rule + 1], lines[rule + 1:]
    pieces, current, limit = [], [], first
    for row in body:
        if block_height("\n".join(head + current + [row])) > limit:
            if current or limit == first:
                pieces.append(current)
            current, limit = [], rest
        current.append(row)
    pieces.append(current)
    return ["\n".join(head + rows) for rows in pieces if rows]


def formula_chars(tex):
    """Roughly how many characters wide a formula is drawn: text as written, a command
    (``\\cdot``, ``\\alpha``) one character, braces and spaces nothing."""
    tex = re.sub(r"\\text\{([^{}]*)\}", r"\1", tex.replace("\\_", "_"))
    tex = re.sub(r"\\[a-zA-Z]+", "x", tex)
    return len(re.sub(r"[{}\s^_]", "", tex))


def fit_formulas(block):
    """``block`` with each display formula too wide for a slide cut at its top-level
    ``\\quad`` separators into centred lines (MathJax cannot wrap a formula; a wide
    one would be cut off at the slide's edge)."""
    def fit(match):
        body = match.group(1)
        if "\\begin" in body or formula_chars(body) <= MATH_CHARS:
            return match.group(0)
        parts, last = [], 0
        for sep in re.finditer(r"\\q?quad\b", body):
            before = body[:sep.start()]
            if before.count("{") == before.count("}"):       # not inside braces
                parts.append(body[last:sep.start()].strip())
                last = sep.end()
        if not parts:
            return match.group(0)
        parts.append(body[last:].strip())
        return "$$\\begin{gathered}" + " \\\\\n".join(parts) + "\\end{gathered}$$"
    return re.sub(r"\$\$(.+?)\$\$", fit, block, flags=re.S)


def block_height(block):
    """Estimated height (slide px) of one markdown block."""
    first = block.lstrip()
    heading = re.match(r"(#{1,6}) ", first)
    if heading:
        size = HEADING.get(len(heading.group(1)), 24)
        lines = -(-len(visible_text(first)) // int(SLIDE_W / (0.5 * size)))
        return round(lines * 1.2 * size + 0.35 * size) + CELL_GAP
    lines = block.split("\n")
    if first.startswith("```"):
        return len(lines) * CODE_LINE + 2 * CELL_GAP
    if first.startswith("$$"):
        body = block.replace("\n", " ")
        rows = max(1, body.count("$$") // 2) + body.count("\\\\")   # formulas, their lines
        return rows * (70 if "\\frac" in body else 48) + CELL_GAP
    if first.startswith("|"):
        return sum(table_row_heights(block)) + TABLE_MARGIN + CELL_GAP
    indent = 6 if LIST_ITEM.match(first) or first.startswith(">") else 0
    chars = TEXT_CHARS - indent
    height = sum(max(1, -(-len(visible_text(line)) // chars))
             for line in " ".join(lines).split("<br>"))
    mathy = 1.15 if "$" in block else 1.0     # inline formulas make lines a little taller
    return round(height * TEXT_LINE * mathy) + CELL_GAP


def code_height(source, outputs, line=CODE_LINE):
    """Estimated height (slide px) of a code cell and its text outputs."""
    rows = sum(max(1, -(-len(text) // CODE_CHARS)) for text in source.split("\n")) if source else 0
    height = rows * line + 2 * CELL_GAP if source else 0
    for output in outputs:
        text = output.get("text") or output.get("data", {}).get("text/plain", "")
        if output.get("output_type") == "error":
            text = "\n".join(output.get("traceback", []))
        if "text/html" in output.get("data", {}):
            height += 2 * TEXT_LINE
        elif text:
            text = "".join(text) if isinstance(text, list) else text
            rows = sum(max(1, -(-len(t) // CODE_CHARS)) for t in text.rstrip("\n").split("\n"))
            height += rows * CODE_LINE
            height += CELL_GAP
    return height


def split_code(source, most=MAX_CODE_LINES):
    """``source`` in pieces of at most ``most`` lines, cut at blank lines between
    top-level statements where possible."""
    lines = source.split("\n")
    pieces = []
    while len(lines) > most:
        cuts = [i for i in range(1, most + 1)
                if not lines[i - 1].strip() and (i >= len(lines) or not lines[i][:1].isspace())]
        cut = cuts[-1] if cuts else most
        pieces.append("\n".join(lines[:cut]).strip("\n"))
        lines = lines[cut:]
    pieces.append("\n".join(lines).strip("\n"))
    return [p for p in pieces if p]


def display_only(source):
    """True if ``source`` only imports and shows something: no code worth a slide."""
    import ast
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return False
    shown = {n.value.id for n in body if isinstance(n, ast.Expr) and isinstance(n.value, ast.Name)}
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        if isinstance(node, ast.Expr):
            call = node.value
            if isinstance(call, ast.Name) or isinstance(call, ast.Call):
                continue
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name) and node.targets[0].id in shown):
            continue
        return False
    return bool(body)


def picture_size(mime, data):
    """(width, height) in CSS px of an SVG (text) or PNG (base64) picture, and for an SVG
    the width of its drawing in its own units (its viewBox)."""
    if mime == "image/png":
        import struct
        raw = base64.b64decode(data[:64])
        width, height = struct.unpack(">II", raw[16:24])
        return width, height, width
    root = re.search(r"<svg\b[^>]*>", data).group(0)

    def length(name):
        m = re.search(rf'\b{name}="([\d.]+)(pt|px)?"', root)
        return float(m.group(1)) * (4 / 3 if m.group(2) == "pt" else 1) if m else None

    box = re.search(r'viewBox="([^"]+)"', root)
    units = [float(v) for v in box.group(1).replace(",", " ").split()] if box else None
    width = length("width") or (units[2] if units else 800)
    height = length("height") or (units[3] if units else 600)
    return width, height, units[2] if units else width


def is_graph(mime, data):
    """A computational graph drawn by teaching.drawing (it marks its nodes)."""
    return mime == "image/svg+xml" and 'class="g-node"' in data


def readable_graph(svg, width):
    """A graph drawn ``width`` px wide, its default (edge label) font enlarged if the
    labels would otherwise be smaller than LABEL_PX on the slide."""
    _, _, units = picture_size("image/svg+xml", svg)
    root = re.search(r"<svg\b[^>]*>", svg).group(0)
    size = re.search(r'font-size="(\d+)"', root)
    if not size:
        return svg
    need = math.ceil(LABEL_PX * units / width)
    if need <= int(size.group(1)):
        return svg
    bigger = root.replace(size.group(0), f'font-size="{need}"')
    return svg.replace(root, bigger, 1)


def figure_html(mime, data, width, caption="", note=""):
    """A picture drawn ``width`` px wide, as an embedded <img>, with its caption and note."""
    graph = is_graph(mime, data)
    if mime == "image/svg+xml":
        if graph:
            data = readable_graph(data, width)
        data = base64.b64encode(data.encode("utf-8")).decode("ascii")
    src = f"data:{mime};base64,{''.join(data.split())}"
    alt = html.escape(caption or "figure", quote=True)
    kind = " bp-graph" if graph else ""
    text = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return (f'<figure class="bp-figure{kind}"><img src="{src}" alt="{alt}" '
            f'style="width:{width:.0f}px">{text}</figure>{note}')


def smallest_width(mime, data):
    """The narrowest a picture may be drawn: a graph so that its labels stay LABEL_PX,
    any other picture no smaller than its own size (or the slide's width)."""
    width, _, units = picture_size(mime, data)
    if is_graph(mime, data):
        root = re.search(r"<svg\b[^>]*>", data).group(0)
        size = re.search(r'font-size="(\d+)"', root)
        return min(FIGURE_BOX[0], units * LABEL_PX / int(size.group(1) if size else 16))
    return min(FIGURE_BOX[0], width)


class Slide:
    """Cells on one slide, and the height they are estimated to take."""

    def __init__(self, kind="text", title="", continued=False):
        self.kind, self.title, self.cells, self.used, self.source = kind, title, [], 0, None
        if continued and title:
            self.cells.append(nbformat.v4.new_markdown_cell(
                f'<p class="bp-continued">{html.escape(title)}, continued</p>'))
            self.used = CONTINUED

    def empty(self):
        return all("bp-continued" in c.source for c in self.cells if c.cell_type == "markdown") \
            and not any(c.cell_type == "code" for c in self.cells)

    def add_markdown(self, block, height, source):
        """Blocks of one markdown cell that share a slide stay one cell (one list, not several)."""
        last = self.cells[-1] if self.cells else None
        if last is not None and self.source is source and last.cell_type == "markdown":
            items = LIST_ITEM.match(block) and LIST_ITEM.match(last.source.split("\n\n")[-1])
            last.source += ("\n" if items else "\n\n") + block
        else:
            self.cells.append(nbformat.v4.new_markdown_cell(block))
        self.used += height
        self.source = source

    def add_cell(self, cell, height):
        self.cells.append(cell)
        self.used += height
        self.source = None


CONTINUED = 44             # the "..., continued" line


def slide_notebook(nb):
    """``nb`` cut into slides that fit (see the comment above SLIDE_W): a new notebook
    whose cells carry nbconvert's slide types; a slide that is one picture has
    ``data-bp="figure"``, one long piece of code ``data-bp="code"``."""
    slides = [Slide()]
    title = ""

    def start(kind="text", continued=True):
        slides.append(Slide(kind, title, continued and not slides[-1].empty()))
        return slides[-1]

    def room(height):
        """The slide to add ``height`` px to: the current one, or a new one."""
        current = slides[-1]
        if current.kind != "text" or current.used + height > ROOM:
            current = start()
        return current

    def figure(mime, data, caption="", note=""):
        width, height, _ = picture_size(mime, data)
        extra = (CONTINUED if caption else 0) + (2 * TEXT_LINE if note else 0) + CELL_GAP
        current = slides[-1]
        free = ROOM - current.used - extra
        narrowest = smallest_width(mime, data)
        if current.kind == "text" and not current.empty() and free * width / height >= narrowest:
            shown = min(FIGURE_BOX[0], free * width / height)
            current.add_cell(nbformat.v4.new_markdown_cell(
                figure_html(mime, data, shown, caption, note)), shown * height / width + extra)
            return
        alone = start("figure", continued=False)
        room_h = FIGURE_BOX[1] - (2 * TEXT_LINE if note else 0)
        shown = min(FIGURE_BOX[0], room_h * width / height)
        alone.add_cell(nbformat.v4.new_markdown_cell(figure_html(mime, data, shown, caption, note)),
                       ROOM)
        start("text")

    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for block in markdown_blocks(cell.source):
                heading = re.match(r"(#{1,6}) (.*)", block)
                if heading:
                    title = heading.group(2).strip()
                    start(continued=False).add_markdown(block, block_height(block), cell)
                    continue
                block = fit_formulas(block)
                images = list(IMAGE.finditer(block))
                rest = IMAGE.sub("", block).strip() if images else block
                # a table taller than a slide: the room left here, then slides of its rows,
                # each piece with the header row again
                current = slides[-1]
                free = ROOM - current.used if current.kind == "text" else 0
                tables = split_table(rest, free, ROOM - CONTINUED) \
                    if rest.startswith("|") and block_height(rest) > ROOM - CONTINUED else [rest]
                for piece in filter(None, tables):
                    height = block_height(piece)
                    room(height).add_markdown(piece, height, cell)
                for image in images:
                    src = image.group(2)
                    if src.startswith("data:image/"):
                        mime, data = src[5:].split(";base64,")
                        if mime == "image/svg+xml":
                            data = base64.b64decode(data).decode("utf-8")
                        alt = image.group(0)[2:image.group(0).index("](")]
                        figure(mime, data, caption=alt)
        elif cell.cell_type == "code":
            source = strip_internal_comments(cell.source)
            pictures, notes, texts = [], [], []
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                kind = next((k for k in PICTURES if k in data), None)
                if kind:
                    pictures.append((kind, data[kind]))
                elif "bp-live-note" in data.get("text/html", ""):
                    notes.append(data["text/html"])
                else:
                    texts.append(output)
            if pictures and not texts and display_only(source):
                source = ""          # only shows a picture: the picture is enough
            if source or texts:
                pieces = split_code(source) if source else [""]
                long = len(pieces) > 1 or code_height(source, texts) > ROOM - CONTINUED
                if long:             # each piece on a slide of its own, the output after the last
                    fits = code_height(pieces[-1], texts, LONG_CODE_LINE) <= ROOM - CONTINUED
                    for i, piece in enumerate(pieces):
                        last = i == len(pieces) - 1
                        part = nbformat.v4.new_code_cell(piece,
                                                         outputs=texts if last and fits else [])
                        start("code").add_cell(part, ROOM)
                    start("text")
                    if texts and not fits:
                        source, pieces = "", [""]
                if not long or (texts and not fits):
                    part = nbformat.v4.new_code_cell(pieces[0], outputs=texts)
                    if not source:
                        part.metadata["transient"] = {"remove_source": True}
                    height = code_height(pieces[0], texts)
                    room(height).add_cell(part, height)
            paired = len(notes) == len(pictures)
            for i, (mime, data) in enumerate(pictures):
                figure(mime, data, note=notes[i] if paired else "")
            if not paired:
                for note in notes:   # a view with no picture: its note alone
                    room(2 * TEXT_LINE).add_cell(nbformat.v4.new_markdown_cell(note), 2 * TEXT_LINE)

    out = nbformat.v4.new_notebook(metadata=nb.metadata)
    for slide in slides:
        if slide.empty():
            continue
        for i, c in enumerate(slide.cells):
            c.metadata["slideshow"] = {"slide_type": "slide" if i == 0 else "-"}
            if i == 0 and slide.kind != "text":
                c.metadata["slideshow"]["data"] = {"bp": slide.kind}
        out.cells.extend(slide.cells)
    return out
