using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fleet.LoadTest.Coordination;

/// <summary>JSON settings for worker lines and the final report.</summary>
public static class WireJson
{
    public static readonly JsonSerializerOptions Compact = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static readonly JsonSerializerOptions Indented = new(Compact) { WriteIndented = true };
}
