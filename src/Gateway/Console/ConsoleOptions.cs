namespace Fleet.Gateway.Console;

/// <summary>The web console (section "Fleet:Console"), served on the management listener.</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Fleet:Console";

    /// <summary>Serve the console at all. The API and health endpoints do not depend on it.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Folder of the console's static files. Default: Console/wwwroot beside the binary, where the build
    /// copies src/Gateway/Console/wwwroot. Point it at the source folder to edit the console live.
    /// </summary>
    public string? ContentPath { get; set; }
}
