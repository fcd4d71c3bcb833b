using Cluster.Bench;

// Each benchmark: one file with a static RunAsync(string[] args) returning an exit code, plus one line here.
var benchmarks = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["tfrecord"] = TfRecordBenchmark.RunAsync,
    ["reader"] = ReaderBenchmark.RunAsync,
    ["conversion"] = ConversionBenchmark.RunAsync,
    ["trainer"] = TrainerBenchmark.RunAsync,
    ["coco"] = CocoBenchmark.RunAsync,
    ["reader-grain"] = ReaderGrainBenchmark.RunAsync,
    ["train-world"] = TrainWorldBenchmark.RunAsync,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Cluster.Bench -- <benchmark> [options]");
    Console.Error.WriteLine($"benchmarks: {string.Join(", ", benchmarks.Keys)}");
    return 2;
}

return await run(args[1..]);
