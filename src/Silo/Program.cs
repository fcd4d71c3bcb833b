Console.Error.WriteLine("cluster-silo: not built yet");
return 1;
