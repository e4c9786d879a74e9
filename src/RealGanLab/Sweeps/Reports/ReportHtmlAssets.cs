namespace RealGanLab.Sweeps.Reports;

/// <summary>The inline stylesheet and script of report.html (nothing is loaded from elsewhere: the file opens offline).</summary>
static class ReportHtmlAssets
{
    public const string Style = """
        :root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #ffffff; --panel: #f6f8fa; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.45 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: var(--fg); background: var(--bg); }
        main { max-width: 1240px; margin: 0 auto; padding: 20px 24px 48px; }
        header { border-bottom: 1px solid var(--line); margin-bottom: 16px; }
        h1 { font-size: 26px; margin: 8px 0 4px; }
        h1 .kind { color: var(--muted); font-weight: normal; }
        h2 { font-size: 19px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
        h3 { font-size: 15px; margin: 18px 0 8px; }
        .meta { color: var(--muted); margin: 2px 0 12px; }
        code { background: var(--panel); padding: 1px 5px; border-radius: 4px; font-size: 13px; }
        .chips { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; }
        .chip { padding: 4px 12px; border-radius: 14px; color: #fff; font-weight: bold; }
        .bar { display: flex; height: 12px; border-radius: 6px; overflow: hidden; margin: 6px 0 4px; background: var(--line); }
        .bar span { display: block; height: 100%; }
        .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font-size: 12px; font-weight: bold; white-space: nowrap; }
        .st-completed { background: #1a7f37; } .st-diverged { background: #bc4c00; } .st-failed { background: #cf222e; }
        .st-crashed { background: #82071e; } .st-running { background: #0969da; } .st-interrupted { background: #8250df; }
        .st-pending { background: #6e7781; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; margin: 6px 0 10px; font-size: 13px; }
        th, td { border: 1px solid var(--line); padding: 4px 9px; text-align: left; vertical-align: top; }
        th { background: var(--panel); font-weight: bold; }
        td.name { white-space: nowrap; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        tr:nth-child(even) td { background: #fbfcfd; }
        .swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
        .detail { color: var(--muted); font-size: 12px; max-width: 380px; }
        .note { color: var(--muted); }
        .plots { display: grid; grid-template-columns: repeat(auto-fill, minmax(380px, 1fr)); gap: 14px; }
        .plots figure { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 6px; background: #fff; }
        .plots img { width: 100%; height: auto; display: block; }
        figcaption { color: var(--muted); font-size: 12px; margin-top: 4px; }
        .thumbs { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 12px; }
        .thumb { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 6px; background: var(--panel); }
        .thumb img { width: 100%; height: auto; display: block; background: #fff; }
        .thumb .empty { aspect-ratio: 1 / 1; display: flex; align-items: center; justify-content: center; color: var(--muted); background: #fff; border: 1px dashed var(--line); }
        .thumb figcaption { display: flex; justify-content: space-between; gap: 6px; align-items: center; color: var(--fg); font-size: 13px; }
        footer { margin-top: 36px; color: var(--muted); font-size: 12px; }
        """;

    /// <summary>On load, counts the images and the broken ones into body[data-images] and body[data-broken-images].</summary>
    public const string Script = """
        window.addEventListener('load', function () {
          var images = document.images, broken = 0;
          for (var i = 0; i < images.length; i++) if (images[i].complete && images[i].naturalWidth === 0) broken++;
          document.body.setAttribute('data-images', String(images.length));
          document.body.setAttribute('data-broken-images', String(broken));
        });
        """;
}
