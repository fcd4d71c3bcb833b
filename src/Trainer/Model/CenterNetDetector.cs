using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Cluster.Trainer.Model;

/// <summary>
/// A one-stage anchor-free detector in the CenterNet style ("Objects as Points", Zhou et al. 2019) on a small residual
/// backbone with a two-level top-down path back to stride 4. Input: N×3×H×W floats. Output: N×(C+4)×H/4×W/4 —
/// channels [0, C) are per-class heatmap logits, then box width and height in output cells, then the sub-cell x and y
/// offset of the centre. <see cref="Decoding.CenterNetDecoder"/> turns the output into boxes.
/// </summary>
public sealed class CenterNetDetector : Module<Tensor, Tensor>
{
    /// <summary>Heatmap bias so the initial foreground probability is 0.1 (focal-loss prior, as in CenterNet).</summary>
    private const double HeatmapPriorBias = -2.19;

    private readonly Module<Tensor, Tensor> stem;
    private readonly Module<Tensor, Tensor> stage1;
    private readonly Module<Tensor, Tensor> stage2;
    private readonly Module<Tensor, Tensor> stage3;
    private readonly Module<Tensor, Tensor> lateral2;
    private readonly Module<Tensor, Tensor> lateral1;
    private readonly Module<Tensor, Tensor> smooth8;
    private readonly Module<Tensor, Tensor> smooth4;
    private readonly Module<Tensor, Tensor> heatmap;
    private readonly Module<Tensor, Tensor> size;
    private readonly Module<Tensor, Tensor> offset;

    public CenterNetDetector(DetectorConfig config) : base(nameof(CenterNetDetector))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        var c = config.BaseChannels;
        stem = Sequential(Conv2d(3, c, kernel_size: 3, stride: 2, padding: 1, bias: false), Norms.Group(c), ReLU());
        stage1 = new ResidualBlock("stage1", c, 2 * c, stride: 2);      // stride 4
        stage2 = new ResidualBlock("stage2", 2 * c, 4 * c, stride: 2);  // stride 8
        stage3 = new ResidualBlock("stage3", 4 * c, 4 * c, stride: 2);  // stride 16
        lateral2 = Conv2d(4 * c, 4 * c, kernel_size: 1);
        lateral1 = Conv2d(2 * c, 4 * c, kernel_size: 1);
        smooth8 = Sequential(Conv2d(4 * c, 4 * c, kernel_size: 3, padding: 1, bias: false), Norms.Group(4 * c), ReLU());
        smooth4 = Sequential(Conv2d(4 * c, 2 * c, kernel_size: 3, padding: 1, bias: false), Norms.Group(2 * c), ReLU());
        heatmap = new PredictionHead("heatmap", 2 * c, config.Classes, HeatmapPriorBias);
        size = new PredictionHead("size", 2 * c, 2, initialBias: 0);
        offset = new PredictionHead("offset", 2 * c, 2, initialBias: 0);
        RegisterComponents();
    }

    public DetectorConfig Config { get; }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var s2 = stem.forward(input);
        var s4 = stage1.forward(s2);
        var s8 = stage2.forward(s4);
        var s16 = stage3.forward(s8);
        var p8 = smooth8.forward(lateral2.forward(s8).add_(Upsample2x(s16), Scalars.One));
        var p4 = smooth4.forward(lateral1.forward(s4).add_(Upsample2x(p8), Scalars.One));
        var output = cat([heatmap.forward(p4), size.forward(p4), offset.forward(p4)], dim: 1);
        return output.MoveToOuterDisposeScope();
    }

    private static Tensor Upsample2x(Tensor x) =>
        functional.interpolate(x, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest);
}
