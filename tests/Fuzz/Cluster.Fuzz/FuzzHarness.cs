namespace Cluster.Fuzz;

/// <summary>One fuzzing target: what it feeds the input to, which exceptions are the library's documented answer to bad
/// input (anything else is a crash), and how to build its seed corpus from the shared test data.</summary>
internal sealed record FuzzHarness(
    string Name,
    string Describes,
    Action<byte[], ScratchFolder> Run,
    Func<Exception, bool> IsExpected,
    Func<string, IEnumerable<(string Name, byte[] Bytes)>> Seeds);
