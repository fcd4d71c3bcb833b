using Cluster.Trainer.Decoding;
using Cluster.Trainer.Model;
using Cluster.Trainer.Targets;
using static TorchSharp.torch;

namespace Cluster.Trainer.Tests;

public class DecoderTests
{
    [Fact]
    public void Decode_PerfectOutputFromTargets_RecoversBoxesAndLabels()
    {
        var batch = TinyModels.Batch(0, 4);
        var config = TinyModels.Config;
        var targets = new CenterNetTargetEncoder(config).Encode(batch, 0, batch.Count);
        // A "perfect" network output: large logits exactly at centres, the true sizes and offsets.
        long n = batch.Count, c = config.Classes, h = config.OutputHeight, w = config.OutputWidth;
        using var heat = tensor(targets.Heatmap, [n, c, h, w]);
        using var logits = where(heat.eq(1f), 10f, -10f);
        using var output = cat([logits, tensor(targets.Size, [n, 2, h, w]), tensor(targets.Offset, [n, 2, h, w])], 1);

        var decoded = new CenterNetDecoder(config, topK: 20, scoreThreshold: 0.5f).Decode(output);

        for (var i = 0; i < batch.Count; i++)
        {
            var truth = batch.Targets[i];
            Assert.Equal(truth.Count, decoded[i].Count);
            for (var k = 0; k < truth.Count; k++)
            {
                var match = decoded[i].Single(d =>
                    d.Label == truth.Labels[k] && Math.Abs(d.XMin - truth.Boxes[4 * k]) < 1e-4 && Math.Abs(d.YMax - truth.Boxes[4 * k + 3]) < 1e-4);
                Assert.InRange(match.Score, 0.99f, 1f);
            }
        }
    }

    [Fact]
    public void Decode_AdjacentWeakerPeak_IsSuppressedByMaxPool()
    {
        var config = new DetectorConfig(1, 32, 32, 8);
        using var output = full(new long[] { 1, 5, 8, 8 }, -10f);
        output[0, 3] = zeros(8, 8); // offsets
        output[0, 4] = zeros(8, 8);
        output[0, 0, 2, 2] = tensor(5f);
        output[0, 0, 2, 3] = tensor(4f); // neighbour of the peak: not a local maximum
        output[0, 1, 2, 2] = tensor(2f);
        output[0, 2, 2, 2] = tensor(4f);

        var detections = new CenterNetDecoder(config, topK: 10, scoreThreshold: 0.5f).Decode(output)[0];

        var d = Assert.Single(detections);
        Assert.Equal(1, d.Label);
        Assert.Equal((2 - 1f) / 8, d.XMin, 5);
        Assert.Equal((2 + 1f) / 8, d.XMax, 5);
        Assert.Equal(0f, d.YMin, 5);
        Assert.Equal((2 + 2f) / 8, d.YMax, 5);
    }
}
