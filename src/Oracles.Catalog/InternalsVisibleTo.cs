using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Oracles.Tests")]
