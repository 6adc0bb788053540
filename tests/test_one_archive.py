"""One archive, whatever the route: the same articles via a dump, a WXR export and a feed."""

from __future__ import annotations

from pathlib import Path

from conftest import SAMPLES, run_clippings

from clippings.importer.markdown import read_markdown

NATO_TITLE = "NATO to deploy 800,000 troops in case of war with Russia – German general"


def _wxr(path: Path) -> None:
    path.write_text(
        f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Aletho News</title><link>https://alethonews.example</link>
<wp:category><wp:cat_name><![CDATA[Gaza, West Bank]]></wp:cat_name></wp:category>
<item><title>{NATO_TITLE}</title>
<link>https://alethonews.example/2025/11/09/nato-to-deploy/</link>
<dc:creator><![CDATA[aletho]]></dc:creator>
<guid isPermaLink="false">https://alethonews.example/?p=1001</guid>
<content:encoded><![CDATA[<p>RT | November 8, 2025</p><p>Berlin is prepared for a war.</p>]]></content:encoded>
<wp:post_date_gmt>2025-11-09 10:00:00</wp:post_date_gmt><wp:post_name>nato-to-deploy</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="category"><![CDATA[Militarism]]></category>
<category domain="post_tag"><![CDATA[Germany]]></category>
</item></channel></rss>
""",
        encoding="utf-8",
    )


def _stored(content: Path) -> list[tuple[Path, dict, str]]:
    out = []
    for path in sorted((content / "articles").rglob("*.md")):
        meta, body = read_markdown(path.read_text(encoding="utf-8"))
        out.append((path, meta, body))
    return out


def test_dump_then_wxr_copy_is_merged_into_the_stored_article(tmp_path: Path) -> None:
    content = tmp_path / "content"
    first = run_clippings("import", str(SAMPLES), "--content", str(content))
    assert first.returncode == 0, first.stderr
    export = tmp_path / "export.xml"
    _wxr(export)
    second = run_clippings("import", str(export), "--content", str(content))
    lines = second.stdout.splitlines()
    assert lines[0] == (
        "1 item(s) in 1 input(s): 0 created, 0 updated, 0 unchanged, 1 merged, 0 skipped"
    )
    assert lines[1].startswith("merged: https://alethonews.example/2025/11/09/nato-to-deploy/ ")
    # Both items and the rule are named.
    assert ": merged into " in lines[1]
    assert "(same title+date+outlet as 000_a59bcf57d666251b.txt:209 " in lines[1]
    stored = _stored(content)
    assert len(stored) == 21
    (nato,) = [(p, m, b) for p, m, b in stored if m["title"].replace("\u00a0", " ") == NATO_TITLE]
    path, meta, body = nato
    # Filled in from the WXR: what the dump did not know.
    assert meta["url"] == "https://alethonews.example/2025/11/09/nato-to-deploy/"
    assert meta["guid"] == "https://alethonews.example/?p=1001"
    assert meta["posted_by"] == "aletho"
    # Kept from the dump: what it already said.
    assert (meta["outlet"], meta["comments"]) == ("RT", 2)
    assert meta["tags"] == ["Militarism", "Russophobia"]
    assert meta["source"] == "000_a59bcf57d666251b.txt:209"
    assert path.name.startswith("nato-to-deploy-800000-troops")
    assert body.startswith("Berlin is prepared for a war with Moscow and stands ready")
    # Category names the WXR declares are remembered for later dumps.
    learned = (content / "categories.learned.yaml").read_text(encoding="utf-8")
    assert "- Gaza, West Bank\n" in learned
    # All routes at once, again: nothing changes.
    inputs = tmp_path / "in"
    inputs.mkdir()
    for sample in SAMPLES.glob("*.txt"):
        (inputs / sample.name).write_bytes(sample.read_bytes())
    (inputs / "export.xml").write_bytes(export.read_bytes())
    third = run_clippings("import", str(inputs), "--content", str(content))
    assert third.stdout.splitlines()[0] == (
        "22 item(s) in 3 input(s): 0 created, 0 updated, 21 unchanged, 1 merged, 0 skipped"
    )
