using Cluster.Formats.Pipeline;
using Cluster.Trainer.Model;

namespace Cluster.Trainer.Targets;

/// <summary>Encodes the boxes of a slice of a <see cref="DecodedBatch"/> into <see cref="CenterNetTargets"/>.</summary>
public sealed class CenterNetTargetEncoder(DetectorConfig config)
{
    private readonly DetectorConfig config = config ?? throw new ArgumentNullException(nameof(config));

    /// <summary>Encodes images [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>).</summary>
    public CenterNetTargets Encode(DecodedBatch batch, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (start + count > batch.Count)
            throw new ArgumentOutOfRangeException(nameof(count), $"slice [{start}, {start + count}) exceeds the batch of {batch.Count}");

        int classes = config.Classes, h = config.OutputHeight, w = config.OutputWidth, plane = h * w;
        var heat = new float[count * classes * plane];
        var size = new float[count * 2 * plane];
        var offset = new float[count * 2 * plane];
        var mask = new float[count * plane];
        var objects = 0;
        for (var i = 0; i < count; i++)
        {
            var target = batch.Targets[start + i];
            if (target.Boxes.Length != 4 * target.Labels.Length)
                throw new ArgumentException($"image '{SourceId(batch, start + i)}': {target.Boxes.Length} box floats for {target.Labels.Length} labels");
            for (var k = 0; k < target.Count; k++)
            {
                var label = target.Labels[k];
                if (label < 1 || label > classes)
                    throw new ArgumentException($"image '{SourceId(batch, start + i)}': label {label} is outside 1..{classes}");
                var box = target.Boxes.AsSpan(4 * k, 4);
                var bw = (Math.Clamp(box[2], 0f, 1f) - Math.Clamp(box[0], 0f, 1f)) * w;
                var bh = (Math.Clamp(box[3], 0f, 1f) - Math.Clamp(box[1], 0f, 1f)) * h;
                if (bw <= 0 || bh <= 0)
                    continue;
                var cx = (box[0] + box[2]) / 2 * w;
                var cy = (box[1] + box[3]) / 2 * h;
                var ix = Math.Clamp((int)Math.Floor(cx), 0, w - 1);
                var iy = Math.Clamp((int)Math.Floor(cy), 0, h - 1);
                var radius = Math.Max(0, (int)GaussianRadius.For(Math.Ceiling(bh), Math.Ceiling(bw)));
                DrawGaussian(heat.AsSpan((i * classes + label - 1) * plane, plane), w, h, ix, iy, radius);
                var cell = iy * w + ix;
                size[(i * 2) * plane + cell] = bw;
                size[(i * 2 + 1) * plane + cell] = bh;
                offset[(i * 2) * plane + cell] = cx - ix;
                offset[(i * 2 + 1) * plane + cell] = cy - iy;
                if (mask[i * plane + cell] == 0)
                    objects++;
                mask[i * plane + cell] = 1;
            }
        }

        return new CenterNetTargets(count, classes, h, w, heat, size, offset, mask, objects);
    }

    private static string SourceId(DecodedBatch batch, int index) =>
        index < batch.SourceIds.Count ? batch.SourceIds[index] : $"#{index}";

    private static void DrawGaussian(Span<float> plane, int width, int height, int cx, int cy, int radius)
    {
        var sigma = (2 * radius + 1) / 6.0;
        for (var y = Math.Max(0, cy - radius); y <= Math.Min(height - 1, cy + radius); y++)
        {
            for (var x = Math.Max(0, cx - radius); x <= Math.Min(width - 1, cx + radius); x++)
            {
                int dx = x - cx, dy = y - cy;
                var value = (float)Math.Exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
                ref var cell = ref plane[y * width + x];
                if (value > cell)
                    cell = value;
            }
        }
    }
}
