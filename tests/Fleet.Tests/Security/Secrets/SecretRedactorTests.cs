using System.Text.Json;
using Fleet.Gateway.Security.Secrets;

namespace Fleet.Tests.Security.Secrets;

public class SecretRedactorTests
{
    private const string R = SecretRedactor.Marker;

    private static string Yaml(string body) => SecretRedactor.Redact(body, "text/yaml");

    private static string Json(string body) => SecretRedactor.Redact(body, "application/json");

    [Fact]
    public void Redact_CollectorYaml_HidesOnlySecretValues_KeepsEverythingElse()
    {
        var body = """
            # exporters for production
            exporters:
              otlphttp:
                endpoint: https://otel.example.com:4318   # the gateway
                headers:
                  Authorization: Bearer abc.def.ghi
                  X-Scope-OrgID: tenant-1
              kafka:
                auth:
                  sasl:
                    username: fleet
                    password: hunter2 # rotate monthly
                    mechanism: PLAIN
            processors:
              batch:
                max_tokens: 512
                tokens_per_second: 10
            """;
        var expected = $"""
            # exporters for production
            exporters:
              otlphttp:
                endpoint: https://otel.example.com:4318   # the gateway
                headers:
                  Authorization: {R}
                  X-Scope-OrgID: tenant-1
              kafka:
                auth:
                  sasl:
                    username: fleet
                    password: {R} # rotate monthly
                    mechanism: PLAIN
            processors:
              batch:
                max_tokens: 512
                tokens_per_second: 10
            """;
        Assert.Equal(expected, Yaml(body));
    }

    [Fact]
    public void Redact_YamlQuotedValues_QuotesReplacedWhole()
    {
        var body = "token: \"a \\\"quoted\\\" token\"\napi_key: 'it''s secret'   # single\nname: \"visible\"\n";
        Assert.Equal($"token: {R}\napi_key: {R}   # single\nname: \"visible\"\n", Yaml(body));
    }

    [Fact]
    public void Redact_YamlQuotedValueOverLines_HiddenToTheClosingQuote()
    {
        var body = "password: \"first line\n  second line\"\nnext: 1\n";
        Assert.Equal($"password: {R}\nnext: 1\n", Yaml(body));
    }

    [Fact]
    public void Redact_YamlSequenceOfMaps_KeysInItemsAreJudged()
    {
        var body = """
            users:
              - name: alice
                password: one
              - name: bob
                password: two
            """;
        Assert.Equal($"""
            users:
              - name: alice
                password: {R}
              - name: bob
                password: {R}
            """, Yaml(body));
    }

    [Fact]
    public void Redact_YamlSequenceUnderSecretKey_EveryItemHidden()
    {
        var body = "tokens: [a]\ncredentials:\n  - first\n  - \"second\"\n- sibling: 1\nafter: visible\n";
        Assert.Equal($"tokens: [a]\ncredentials:\n  - {R}\n  - {R}\n- sibling: 1\nafter: visible\n", Yaml(body));
    }

    [Fact]
    public void Redact_YamlSequenceAtTheSameIndentUnderSecretKey_Hidden()
    {
        var body = "credentials:\n- first\n- second\nafter: visible\n";
        Assert.Equal($"credentials:\n- {R}\n- {R}\nafter: visible\n", Yaml(body));
    }

    [Fact]
    public void Redact_YamlBlockScalar_BecomesOneMarker_FollowingKeysKept()
    {
        var body = """
            tls:
              cert_pem: |
                -----BEGIN CERTIFICATE-----
                MIIB
                -----END CERTIFICATE-----
              key_pem: |-  # the key
                -----BEGIN PRIVATE KEY-----
                MIIE

                -----END PRIVATE KEY-----
              insecure: false
            """;
        Assert.Equal($"""
            tls:
              cert_pem: |
                -----BEGIN CERTIFICATE-----
                MIIB
                -----END CERTIFICATE-----
              key_pem: {R}  # the key
              insecure: false
            """, Yaml(body));
    }

    [Fact]
    public void Redact_YamlInlineFlowMap_KeysInsideJudged()
    {
        var body = "headers: {Authorization: \"Bearer x\", X-Tenant: t1, api-key: k}   # inline\n";
        Assert.Equal($"headers: {{Authorization: {R}, X-Tenant: t1, api-key: {R}}}   # inline\n", Yaml(body));
    }

    [Fact]
    public void Redact_YamlFlowOverSeveralLines_KeysAndSecretListsHidden()
    {
        var body = """
            receivers: {
              mysql: { endpoint: "db:3306", username: fleet,
                       password: s3cr3t },   # multi-line flow
              creds: { secrets: [one, "two", {token: three, kind: x}] }
            }
            after: visible
            """;
        Assert.Equal($$"""
            receivers: {
              mysql: { endpoint: "db:3306", username: fleet,
                       password: {{R}} },   # multi-line flow
              creds: { secrets: [{{R}}, {{R}}, {token: {{R}}, kind: x}] }
            }
            after: visible
            """, Yaml(body));
    }

    [Fact]
    public void Redact_YamlReferencesAndEmptyValues_StayVisible()
    {
        var body = "password: ${env:DB_PASSWORD}\ntoken: \"\"\nsecret: null\nauth: ~\ncredentials:\nnext: x\n";
        Assert.Equal(body, Yaml(body));
    }

    [Fact]
    public void Redact_YamlAnchorsAndTags_PropertiesKept()
    {
        var body = "password: &pw !!str hunter2\nagain: *pw\n";
        Assert.Equal($"password: &pw !!str {R}\nagain: *pw\n", Yaml(body));
    }

    [Fact]
    public void Redact_YamlCrLfAndComments_Untouched()
    {
        var body = "# token: not-a-value\r\ntoken: abc\r\nother: 1\r\n";
        Assert.Equal($"# token: not-a-value\r\ntoken: {R}\r\nother: 1\r\n", Yaml(body));
    }

    [Fact]
    public void Redact_YamlEmbeddedConfigInABlockScalar_SecretsInsideHidden()
    {
        var body = "data:\n  config.yaml: |\n    exporters:\n      otlp:\n        headers:\n          api_key: inner\n";
        Assert.Equal($"data:\n  config.yaml: |\n    exporters:\n      otlp:\n        headers:\n          api_key: {R}\n", Yaml(body));
    }

    [Fact]
    public void Redact_YamlValueWithColonAndHash_WholeValueHidden()
    {
        var body = "password: a:b#c  # comment\n";
        Assert.Equal($"password: {R}  # comment\n", Yaml(body));
    }

    [Fact]
    public void Redact_NoSecrets_ReturnsTheSameText()
    {
        var body = ConsoleCollectorYaml;
        Assert.Same(body, Yaml(body));
    }

    [Fact]
    public void Redact_JsonNested_SecretsAtAnyDepthHidden_FormattingKept()
    {
        var body = """
            {
              "exporters": {
                "otlp": { "endpoint": "https://x", "headers": { "Authorization": "Bearer abc", "X-Tenant": "t" } },
                "list": [ { "name": "a", "clientSecret": "s1" }, [ { "apiKey": "k2", "max_tokens": 5 } ] ]
              },
              "token":12345,
              "password": null,
              "pass_through": "visible"
            }
            """;
        Assert.Equal($$"""
            {
              "exporters": {
                "otlp": { "endpoint": "https://x", "headers": { "Authorization": {{R}}, "X-Tenant": "t" } },
                "list": [ { "name": "a", "clientSecret": {{R}} }, [ { "apiKey": {{R}}, "max_tokens": 5 } ] ]
              },
              "token":{{R}},
              "password": null,
              "pass_through": "visible"
            }
            """, Json(body));
    }

    [Fact]
    public void Redact_JsonArrayUnderSecretKey_ScalarItemsHidden_ObjectsJudgedByKey()
    {
        var body = """{"credentials": ["a", 2, {"user": "u", "password": "p"}, ["nested"]], "items": ["x"]}""";
        Assert.Equal($$"""{"credentials": [{{R}}, {{R}}, {"user": "u", "password": {{R}}}, [{{R}}]], "items": ["x"]}""", Json(body));
    }

    [Fact]
    public void Redact_JsonEscapesAndUnicode_OutputStillParses()
    {
        var body = """{"name": "caf\u00e9 ☕", "secret": "a\"b\\c", "note": "ünïcödé"}""";
        var redacted = Json(body);
        Assert.Equal($$"""{"name": "caf\u00e9 ☕", "secret": {{R}}, "note": "ünïcödé"}""", redacted);
        Assert.Equal("<redacted>", JsonDocument.Parse(redacted).RootElement.GetProperty("secret").GetString());
    }

    [Fact]
    public void Redact_UnparseableJson_FallsBackToTheLineRule()
    {
        var body = "{\n  \"password\": \"p1\",\n  \"token\":\"t1\",\n  \"port\": 80,\n  \"broken\": \n";
        Assert.Equal($"{{\n  \"password\": {R},\n  \"token\":{R},\n  \"port\": 80,\n  \"broken\": \n", Json(body));
    }

    [Fact]
    public void Redact_JsonWithoutContentType_DetectedByItsFirstCharacter()
    {
        Assert.Equal($$"""{"token": {{R}}}""", SecretRedactor.Redact("""{"token": "x"}""", ""));
    }

    [Fact]
    public void Redact_IniTomlAndEnvLines_ValuesHidden()
    {
        var body = "[database]\npassword = \"hunter2\"\nuser = fleet\nDB_TOKEN=abc123\nexport API_KEY=xyz\n";
        Assert.Equal($"[database]\npassword = {R}\nuser = fleet\nDB_TOKEN={R}\nexport API_KEY={R}\n", SecretRedactor.Redact(body, "text/plain"));
    }

    [Fact]
    public void Redact_CommandLineFlagsInAYamlList_ValueHidden()
    {
        var body = "args:\n  - --api-key=abc\n  - --verbose=true\n";
        Assert.Equal($"args:\n  - --api-key={R}\n  - --verbose=true\n", Yaml(body));
    }

    [Fact]
    public void Redact_FluentBitClassic_PasswdAndAuthorizationHeaderHidden()
    {
        var body = """
            [OUTPUT]
                Name        es
                HTTP_User   fleet
                HTTP_Passwd s3cret
                Header      Authorization Bearer xyz
                Header      X-Tenant t1
            """;
        Assert.Equal($"""
            [OUTPUT]
                Name        es
                HTTP_User   fleet
                HTTP_Passwd {R}
                Header      Authorization {R}
                Header      X-Tenant t1
            """, SecretRedactor.Redact(body, "text/plain"));
    }

    [Fact]
    public void Redact_UnclosedFlowCollection_LinesStillReadOneByOne()
    {
        var body = "list: [a, b\npassword: leaked?\n";
        Assert.Equal($"list: [a, b\npassword: {R}\n", Yaml(body));
    }

    [Fact]
    public void Redact_UnclosedQuote_HiddenToTheLineEndOnly()
    {
        var body = "token: \"abc\nnext: visible\n";
        Assert.Equal($"token: {R}\nnext: visible\n", Yaml(body));
    }

    [Fact]
    public void RedactHeaders_SecretNamesHidden_OthersKept()
    {
        var headers = SecretRedactor.RedactHeaders([new("Authorization", "Bearer x"), new("X-Tenant", "t1"), new("Cookie", "sid=1")]);
        Assert.Equal("<redacted>", headers["Authorization"]);
        Assert.Equal("t1", headers["X-Tenant"]);
        Assert.Equal("<redacted>", headers["Cookie"]);
    }

    private const string ConsoleCollectorYaml = """
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 0.0.0.0:4317
        exporters:
          otlphttp:
            endpoint: https://otel.example.internal:4318
            compression: gzip
        service:
          pipelines:
            traces: {receivers: [otlp], exporters: [otlphttp]}
        """;
}
