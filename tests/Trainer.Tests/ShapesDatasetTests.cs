using Cluster.Formats.Manifests;
using Cluster.Tests.Shared;
using Cluster.Trainer.Synthetic;
using SixLabors.ImageSharp;

namespace Cluster.Trainer.Tests;

public class ShapesDatasetTests
{
    [Fact]
    public void Render_SameSeed_SamePixelsAndBoxes_DifferentSeed_Differs()
    {
        var renderer = new ShapesRenderer(64, 64);
        var a = ShapesBatches.Render(renderer, 5, 0, 3);
        var b = ShapesBatches.Render(renderer, 5, 0, 3);
        var c = ShapesBatches.Render(renderer, 6, 0, 3);
        Assert.Equal(a.Pixels, b.Pixels);
        Assert.Equal(a.Targets.SelectMany(t => t.Boxes), b.Targets.SelectMany(t => t.Boxes));
        Assert.NotEqual(a.Pixels, c.Pixels);
    }

    [Fact]
    public void SceneSeed_SameInputs_IsAProcessIndependentPureFunction()
    {
        // SplitMix64 of (1 << 32 | 2): a fixed value, so datasets regenerate identically in any process.
        ulong z = (1UL << 32 | 2UL) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        Assert.Equal((int)(z & 0x7FFFFFFF), ShapesRenderer.SceneSeed(1, 2));
        Assert.NotEqual(ShapesRenderer.SceneSeed(1, 2), ShapesRenderer.SceneSeed(2, 1));
    }

    [Fact]
    public void Render_ManyScenes_SeveralObjectsAndEveryClass()
    {
        var renderer = new ShapesRenderer(64, 64);
        var scenes = Enumerable.Range(0, 40).Select(i => renderer.Render(1, i)).ToArray();
        Assert.All(scenes, s => Assert.InRange(s.Objects.Count, 1, 4));
        Assert.Contains(scenes, s => s.Objects.Count >= 3);
        Assert.Equal(3, scenes.SelectMany(s => s.Objects).Select(o => o.Kind).Distinct().Count());
        Assert.All(scenes.SelectMany(s => s.Objects), o => Assert.True(o.XMin >= 0 && o.XMax <= 64 && o.YMin >= 0 && o.YMax <= 64 && o.XMax > o.XMin));
        foreach (var s in scenes)
            s.Dispose();
    }

    [Fact]
    public async Task Write_Dataset_CsvManifestReadsBackWithTheProjectsReader()
    {
        using var dir = new TempDirectory("shapes");
        var renderer = new ShapesRenderer(64, 48);

        var dataset = ShapesDatasetWriter.Write(dir.Path, renderer, seed: 11, count: 6);

        var images = new List<ManifestImage>();
        await foreach (var item in ManifestReaders.ReadAsync(ManifestFormat.Csv, dataset.ManifestPath))
            images.Add(item.Image ?? throw new InvalidOperationException($"row rejected: {item.Rejected}"));
        Assert.Equal(6, images.Count);
        Assert.Equal(dataset.Objects, images.Sum(i => i.Boxes.Count));
        for (var i = 0; i < 6; i++)
        {
            using var scene = renderer.Render(11, i);
            var image = images.Single(m => m.ImagePath.Contains(scene.Name, StringComparison.Ordinal));
            Assert.Equal(scene.Objects.Select(o => (o.ClassName, (double)o.XMin, (double)o.YMax)),
                image.Boxes.Select(b => (b.ClassName!, b.XMin, b.YMax)));
            var info = Image.Identify(Path.Combine(dataset.ImagesDirectory, scene.Name + ".jpg"));
            Assert.Equal((64, 48), (info.Width, info.Height));
        }
    }
}
