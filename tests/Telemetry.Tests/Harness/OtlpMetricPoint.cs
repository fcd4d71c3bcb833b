namespace Cluster.Tests.Otlp;

/// <summary>One data point received over OTLP: a sum, gauge or histogram value with its series attributes.</summary>
public sealed record OtlpMetricPoint(
    string ServiceName,
    string ScopeName,
    string MetricName,
    IReadOnlyDictionary<string, string> Attributes,
    long? IntValue,
    double? DoubleValue,
    ulong? HistogramCount,
    double? HistogramSum,
    IReadOnlyList<OtlpExemplar> Exemplars,
    ulong TimeUnixNano);

/// <summary>An exemplar: a measurement linked to the span it was recorded under (ids as lowercase hex).</summary>
public sealed record OtlpExemplar(string TraceId, string SpanId, double Value);
