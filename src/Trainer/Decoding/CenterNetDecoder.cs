using Cluster.Trainer.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Cluster.Trainer.Decoding;

/// <summary>
/// CenterNet's NMS-free decode: a 3×3 max-pool keeps only local heatmap peaks, the top <see cref="TopK"/> peaks over all
/// classes become boxes sized by the size head and shifted by the offset head, and peaks under
/// <see cref="ScoreThreshold"/> are dropped.
/// </summary>
public sealed class CenterNetDecoder(DetectorConfig config, int topK = 100, float scoreThreshold = 0.05f)
{
    private readonly DetectorConfig config = config ?? throw new ArgumentNullException(nameof(config));

    public int TopK { get; } = topK > 0 ? topK : throw new ArgumentOutOfRangeException(nameof(topK));

    public float ScoreThreshold { get; } = scoreThreshold;

    /// <summary>Decodes a model output (N×(C+4)×h×w) into one list of detections per image, best first.</summary>
    public IReadOnlyList<IReadOnlyList<Detection>> Decode(Tensor output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        long n = output.shape[0], c = config.Classes, h = output.shape[2], w = output.shape[3];
        var heat = output.narrow(1, 0, c).sigmoid();
        var peaks = heat * heat.eq(nn.functional.max_pool2d(heat, kernel_size: 3, stride: 1, padding: 1)).to_type(heat.dtype);
        var k = Math.Min(TopK, c * h * w);
        var (scores, indices) = peaks.reshape(n, -1).topk((int)k, dim: 1);
        using var cellsPerClass = (h * w).ToScalar(); // kept alive across the call (see Model.Scalars)
        var cells = indices.remainder(cellsPerClass);
        var gatherIndex = cells.unsqueeze(1).expand(n, 2, k);
        var sizes = output.narrow(1, c, 2).reshape(n, 2, h * w).gather(2, gatherIndex);
        var offsets = output.narrow(1, c + 2, 2).reshape(n, 2, h * w).gather(2, gatherIndex);

        var scoreValues = scores.cpu().data<float>().ToArray();
        var indexValues = indices.cpu().data<long>().ToArray();
        var sizeValues = sizes.cpu().data<float>().ToArray();
        var offsetValues = offsets.cpu().data<float>().ToArray();

        var result = new IReadOnlyList<Detection>[n];
        for (var i = 0; i < n; i++)
        {
            var list = new List<Detection>();
            for (var j = 0; j < k; j++)
            {
                var score = scoreValues[i * k + j];
                if (score < ScoreThreshold)
                    break; // topk is sorted
                var index = indexValues[i * k + j];
                var label = (int)(index / (h * w)) + 1;
                var cell = index % (h * w);
                float x = cell % w, y = cell / w;
                var cx = x + offsetValues[(i * 2) * k + j];
                var cy = y + offsetValues[(i * 2 + 1) * k + j];
                var bw = Math.Max(0f, sizeValues[(i * 2) * k + j]);
                var bh = Math.Max(0f, sizeValues[(i * 2 + 1) * k + j]);
                list.Add(new Detection(
                    Math.Clamp((cx - bw / 2) / w, 0f, 1f),
                    Math.Clamp((cy - bh / 2) / h, 0f, 1f),
                    Math.Clamp((cx + bw / 2) / w, 0f, 1f),
                    Math.Clamp((cy + bh / 2) / h, 0f, 1f),
                    label,
                    score));
            }

            result[i] = list;
        }

        return result;
    }
}
