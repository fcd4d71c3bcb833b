using ScottPlot;

namespace Cluster.Trainer.Visuals;

/// <summary>
/// Plots the training loss per step and the held-out mAP@0.5 per evaluation on a second axis, saved as PNG with
/// ScottPlot (SkiaSharp; the NoDependencies native build renders headless on Linux).
/// </summary>
public static class TrainingCurvePlot
{
    public static void SavePng(string path, IReadOnlyList<(long Step, double Loss)> losses, IReadOnlyList<(long Step, double Map)> maps, int width = 900, int height = 500)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(losses);
        ArgumentNullException.ThrowIfNull(maps);
        if (losses.Count == 0)
            throw new ArgumentException("there is no loss to plot", nameof(losses));
        var plot = new Plot();
        var loss = plot.Add.Scatter(losses.Select(l => (double)l.Step).ToArray(), losses.Select(l => l.Loss).ToArray());
        loss.LegendText = "training loss";
        loss.MarkerSize = 0;
        plot.Axes.Left.Label.Text = "loss";
        plot.Axes.Bottom.Label.Text = "step";
        if (maps.Count > 0)
        {
            var map = plot.Add.Scatter(maps.Select(m => (double)m.Step).ToArray(), maps.Select(m => m.Map).ToArray());
            map.LegendText = "held-out mAP@0.5";
            map.Axes.YAxis = plot.Axes.Right;
            plot.Axes.Right.Label.Text = "mAP@0.5";
            plot.Axes.Right.Min = 0;
            plot.Axes.Right.Max = 1;
        }

        plot.Title("Training");
        plot.ShowLegend();
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp.png";
        plot.SavePng(temp, width, height);
        File.Move(temp, full, overwrite: true);
    }
}
