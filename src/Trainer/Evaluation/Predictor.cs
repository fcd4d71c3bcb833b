using Cluster.Formats.Pipeline;
using Cluster.Trainer.Decoding;
using Cluster.Trainer.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Cluster.Trainer.Evaluation;

/// <summary>Runs a detector in eval mode over a batch and decodes its boxes.</summary>
public static class Predictor
{
    public static IReadOnlyList<IReadOnlyList<Detection>> Predict(CenterNetDetector model, Device device, DecodedBatch batch, CenterNetDecoder decoder)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(decoder);
        if (batch.Count == 0)
            return [];
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        model.eval();
        try
        {
            var input = ArrayViews.Of(batch.Pixels, 0, batch.Count, 3, batch.Height, batch.Width).to(device);
            return decoder.Decode(model.forward(input));
        }
        finally
        {
            model.train();
        }
    }
}
