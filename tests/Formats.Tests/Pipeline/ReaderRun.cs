using Cluster.Formats.Pipeline;

namespace Cluster.Formats.Tests.Pipeline;

/// <summary>Runs <see cref="ReaderPipeline"/> over a folder for the resume tests.</summary>
internal static class ReaderRun
{
    /// <summary>
    /// Up to <paramref name="take"/> batches of epoch <paramref name="epoch"/> (after restoring <paramref name="state"/>
    /// when given), each as its record ids joined by spaces, and the state after them.
    /// </summary>
    public static async Task<(List<string> Batches, PipelineState State)> BatchesAsync(string folder, ReaderOptions options, int epoch, int take, PipelineState? state)
    {
        await using var reader = ReaderPipeline.Open(folder, options, out _);
        reader.Reset(epoch);
        if (state is not null)
        {
            reader.RestoreState(state);
        }

        var batches = new List<string>();
        while (batches.Count < take && await reader.MoveNextAsync())
        {
            using var batch = reader.Current;
            batches.Add(string.Join(' ', TestShards.IdsOf(batch)));
        }

        return (batches, reader.SaveState());
    }
}
