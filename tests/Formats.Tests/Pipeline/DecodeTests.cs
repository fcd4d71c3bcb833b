using Cluster.Formats.Examples;
using Cluster.Formats.Images;
using Cluster.Formats.Pipeline;
using Cluster.Tests.Shared;
using SixLabors.ImageSharp.PixelFormats;

namespace Cluster.Formats.Tests.Pipeline;

public sealed class DecodeTests
{
    [Fact]
    public void InputFrame_LetterboxWideImage_PadsTopAndBottomAndMapsBoxes()
    {
        var frame = InputFrame.For(200, 100, 100, 100, InputFit.Letterbox, flip: false);

        Assert.Equal((100, 50, 0, 25), (frame.ResizedWidth, frame.ResizedHeight, frame.PadX, frame.PadY));
        Assert.Equal((0.25f, 0.25f, 0.75f, 0.75f), frame.Map(0.25f, 0f, 0.75f, 1f));
    }

    [Fact]
    public void InputFrame_LetterboxTallImageFlipped_PadsSidesMirrorsBoxes()
    {
        var frame = InputFrame.For(50, 100, 100, 100, InputFit.Letterbox, flip: true);

        // resized 50x100 at x = 25: x 0.2 -> (10 + 25) / 100 = 0.35, x 0.6 -> 0.55; mirrored: 0.45 .. 0.65
        var (x0, y0, x1, y1) = frame.Map(0.2f, 0.1f, 0.6f, 0.5f);
        Assert.Equal(0.45f, x0, 5);
        Assert.Equal(0.65f, x1, 5);
        Assert.Equal((0.1f, 0.5f), (y0, y1));
    }

    [Fact]
    public void InputFrame_Stretch_KeepsNormalizedBoxes()
    {
        var frame = InputFrame.For(200, 100, 64, 64, InputFit.Stretch, flip: false);

        Assert.Equal((0.1f, 0.2f, 0.3f, 0.4f), frame.Map(0.1f, 0.2f, 0.3f, 0.4f));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Decode_LetterboxAndFlip_BrightPixelsLieInsideTheMappedBox(bool flip)
    {
        // 64x32 image, white rectangle at x 8..23, y 4..19: box (0.125, 0.125)-(0.375, 0.625)
        var jpeg = TestShards.Jpeg(64, 32, image => Fill(image, 8, 4, 16, 16));
        var example = TestShards.Example("img", jpeg, 64, 32, new DetectionObject(0.125f, 0.375f, 0.125f, 0.625f, "thing", 3));
        var decoder = new BatchDecoder(new DecodeOptions { Width = 32, Height = 32, FlipProbability = flip ? 1 : 0 });
        var pixels = new float[decoder.ImageLength];

        var batch = decoder.Decode(Batch(example), pixels);

        var box = batch.Targets[0].Boxes;
        Assert.Equal([3], batch.Targets[0].Labels);
        Assert.Equal("img", batch.SourceIds[0]);
        var (x0, y0, x1, y1) = BrightRegion(pixels, 32, 32);
        Assert.Equal(box[0] * 32, x0, 1.0);
        Assert.Equal(box[2] * 32, x1 + 1, 1.0);
        Assert.Equal(box[1] * 32, y0, 1.0);
        Assert.Equal(box[3] * 32, y1 + 1, 1.0);
        Assert.Equal(flip ? 0.625f : 0.125f, box[0], 3); // letterbox 32x16 at y 8; flipped x: 1 - 0.375
        Assert.Equal(114f / 255f, pixels[0], 3); // top-left is padding
    }

    [Fact]
    public void Decode_HeaderOverPixelLimit_RejectedBeforeDecoding()
    {
        var jpeg = TestShards.Jpeg(64, 32);
        var decoder = new BatchDecoder(new DecodeOptions { Width = 16, Height = 16, MaxPixels = 1000 });

        var e = Assert.Throws<ImageRejectedException>(() => decoder.Decode(Batch(TestShards.Example("big", jpeg, 64, 32)), new float[decoder.ImageLength]));

        Assert.Equal("image-too-large", e.Reason);
        Assert.Contains("big", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Flips_SeededPerRecordAndEpoch_HalfAtProbabilityHalf()
    {
        var a = new BatchDecoder(new DecodeOptions { FlipProbability = 0.5, Seed = 1 });
        var b = new BatchDecoder(new DecodeOptions { FlipProbability = 0.5, Seed = 1 });
        var handles = Enumerable.Range(0, 1000).Select(i => new RecordHandle(i % 7, i * 100L, 10, Epoch: 0)).ToList();

        var flips = handles.Select(a.Flips).ToList();

        Assert.Equal(flips, handles.Select(b.Flips));
        Assert.InRange(flips.Count(f => f), 430, 570);
        Assert.NotEqual(flips, handles.Select(h => a.Flips(h with { Epoch = 1 })));
    }

    [Fact]
    public async Task DecodeStage_OverReader_ReusesDegreePlusOneBuffers()
    {
        using var dir = new TempDirectory();
        var shards = TestShards.Write(dir.Path, [6, 5, 7]);
        var options = new ReaderOptions { BatchSize = 4, Seed = 1 };
        await using var decode = ReaderPipeline.Open(dir.Path, options, out _)
            .Decode(new DecodeOptions { Width = 8, Height = 8 }, degree: 2, maxBatchSize: 4);

        var ids = new List<string>();
        while (await decode.MoveNextAsync())
        {
            Assert.Equal(decode.Current.Count, decode.Current.Targets.Count);
            ids.AddRange(decode.Current.SourceIds);
        }

        Assert.Equal(shards.AllIds.Order(), ids.Order());
        Assert.InRange(decode.Buffers.Created, 1, 3);
    }

    [Fact]
    public async Task Decode_RaccoonRecordFromTensorFlow_EveryImageWithItsBoxesInsideTheInput()
    {
        var path = RepoPaths.Data("tfrecords", "raccoon__test.record");
        await using var source = ShardSource.FromFiles([path], seed: 1);
        var expected = new Dictionary<string, int>();
        using (var reader = Cluster.Formats.TfRecords.TfRecordReader.Open(path))
        {
            while (reader.TryReadNext(out var record))
            {
                var example = DetectionExample.Parse(record.Span);
                expected[example.SourceId] = example.Objects.Count;
            }
        }

        await using var decode = ReaderPipeline.Build(source, new ReaderOptions { BatchSize = 8, Seed = 1 })
            .Decode(new DecodeOptions { Width = 96, Height = 96, FlipProbability = 0.5, Seed = 1 }, degree: 2, maxBatchSize: 8);
        var seen = new Dictionary<string, int>();
        while (await decode.MoveNextAsync())
        {
            var batch = decode.Current;
            for (var i = 0; i < batch.Count; i++)
            {
                seen[batch.SourceIds[i]] = batch.Targets[i].Count;
                var boxes = batch.Targets[i].Boxes;
                for (var b = 0; b < boxes.Length; b += 4)
                {
                    Assert.InRange(boxes[b], 0f, boxes[b + 2]);
                    Assert.InRange(boxes[b + 1], 0f, boxes[b + 3]);
                    Assert.InRange(boxes[b + 2], boxes[b], 1f);
                    Assert.InRange(boxes[b + 3], boxes[b + 1], 1f);
                }
            }

            Assert.All(batch.Pixels.Take(batch.Count * 3 * 96 * 96), p => Assert.InRange(p, 0f, 1f));
        }

        Assert.Equal(40, seen.Count);
        Assert.Equal(expected, seen);
    }

    private static RecordBatch Batch(DetectionExample example) =>
        new([new ShardRecord(new RecordHandle(0, 0, 0, 0), "test.tfrecord", example.ToByteArray())], 1);

    private static void Fill(SixLabors.ImageSharp.Image<Rgb24> image, int x, int y, int width, int height)
    {
        for (var yy = y; yy < y + height; yy++)
        {
            for (var xx = x; xx < x + width; xx++)
            {
                image[xx, yy] = new Rgb24(255, 255, 255);
            }
        }
    }

    private static (int X0, int Y0, int X1, int Y1) BrightRegion(float[] pixels, int width, int height)
    {
        int x0 = int.MaxValue, y0 = int.MaxValue, x1 = -1, y1 = -1;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (pixels[y * width + x] > 0.8f)
                {
                    (x0, y0, x1, y1) = (Math.Min(x0, x), Math.Min(y0, y), Math.Max(x1, x), Math.Max(y1, y));
                }
            }
        }

        return (x0, y0, x1, y1);
    }
}
