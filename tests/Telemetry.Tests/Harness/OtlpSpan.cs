namespace Cluster.Tests.Otlp;

/// <summary>One span as the Aspire Dashboard returns it in OTLP JSON; ids are lowercase hex.</summary>
public sealed record OtlpSpan(
    string ServiceName,
    string ScopeName,
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    IReadOnlyDictionary<string, string> Attributes,
    int StatusCode)
{
    /// <summary>OTLP status code 2: error.</summary>
    public bool IsError => StatusCode == 2;
}
