using Cluster.Formats.TfRecords;

namespace Cluster.Client.Inspection;

/// <summary>What <c>cluster inspect</c> found in one file.</summary>
public sealed record InspectReport(
    string File,
    TfRecordCompression Compression,
    long Records,
    long UncompressedBytes,
    long NotExamples,
    IReadOnlyList<FeatureSummary> Features,
    IReadOnlyList<RecordView> FirstRecords);
