namespace Cluster.Telemetry;

/// <summary>The command-line switch that prints telemetry to the console for local runs.</summary>
public static class TelemetrySwitches
{
    public const string ConsoleTelemetry = "--console-telemetry";

    /// <summary>True when <paramref name="args"/> holds <see cref="ConsoleTelemetry"/>.</summary>
    public static bool HasConsoleTelemetry(IEnumerable<string> args) =>
        args.Any(a => string.Equals(a, ConsoleTelemetry, StringComparison.Ordinal));
}
