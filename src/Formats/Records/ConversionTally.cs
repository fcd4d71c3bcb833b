using Cluster.Formats.Manifests;

namespace Cluster.Formats.Records;

/// <summary>The accounting of a conversion: rows read, boxes written, boxes fixed, quarantined rows by reason.
/// Invariant (<see cref="IsBalanced"/>): rows read == boxes written + rows quarantined.</summary>
public sealed class ConversionTally
{
    private readonly SortedDictionary<string, long> _byReason = new(StringComparer.Ordinal);

    public long RowsRead { get; private set; }

    public long ImagesRead { get; private set; }

    public long ImagesWritten { get; private set; }

    public long BoxesWritten { get; private set; }

    public long BoxesFixed { get; private set; }

    public long RowsQuarantined { get; private set; }

    /// <summary>Quarantined box rows per reason (image-level entries of box-less images are not counted here).</summary>
    public IReadOnlyDictionary<string, long> QuarantinedByReason => _byReason;

    public bool IsBalanced => RowsRead == BoxesWritten + RowsQuarantined;

    /// <summary>Counts what a reader yielded: an image's box rows, or one rejected row.</summary>
    public void AddRead(ManifestItem item)
    {
        RowsRead += item.RowCount;
        if (item.Image is not null)
        {
            ImagesRead++;
        }
        else
        {
            Quarantine(item.Rejected!.Reason, 1);
        }
    }

    /// <summary>Counts what the record builder made of an image.</summary>
    public void AddBuilt(RecordBuildResult result)
    {
        BoxesWritten += result.BoxesWritten;
        BoxesFixed += result.BoxesFixed;
        ImagesWritten += result.ExampleMessage is null ? 0 : 1;
        if (result.BoxesQuarantined > 0)
        {
            foreach (var entry in result.Quarantined)
            {
                Quarantine(entry.Reason, 1);
            }
        }
    }

    private void Quarantine(string reason, long rows)
    {
        RowsQuarantined += rows;
        _byReason[reason] = _byReason.GetValueOrDefault(reason) + rows;
    }
}
