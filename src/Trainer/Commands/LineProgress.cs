namespace Cluster.Trainer.Commands;

/// <summary>Progress lines written straight to a writer (stderr), in order, on the reporting thread.</summary>
internal sealed class LineProgress(TextWriter writer) : IProgress<string>
{
    public void Report(string value)
    {
        lock (writer)
            writer.WriteLine(value);
    }
}
