Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Cluster.Bench -- <benchmark>");
return 2;
