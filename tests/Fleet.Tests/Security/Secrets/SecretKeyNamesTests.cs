using Fleet.Gateway.Security.Secrets;

namespace Fleet.Tests.Security.Secrets;

public class SecretKeyNamesTests
{
    [Theory]
    [InlineData("password")]
    [InlineData("Password")]
    [InlineData("passwd")]
    [InlineData("HTTP_Passwd")]
    [InlineData("token")]
    [InlineData("auth_token")]
    [InlineData("authToken")]
    [InlineData("authtoken")]
    [InlineData("access-token")]
    [InlineData("bearer_token")]
    [InlineData("apiKey")]
    [InlineData("api_key")]
    [InlineData("api-key")]
    [InlineData("APIKey")]
    [InlineData("apikey")]
    [InlineData("X-Api-Key")]
    [InlineData("access_key")]
    [InlineData("secret_access_key")]
    [InlineData("private_key")]
    [InlineData("key_pem")]
    [InlineData("client_secret")]
    [InlineData("clientSecret")]
    [InlineData("credentials")]
    [InlineData("credential")]
    [InlineData("Authorization")]
    [InlineData("Proxy-Authorization")]
    [InlineData("auth")]
    [InlineData("basic_auth")]
    [InlineData("sasl.password")]
    [InlineData("connection_string")]
    [InlineData("DB_PASSWORD")]
    [InlineData("export API_TOKEN")]
    public void IsSecret_SecretWordOrPhrase_True(string name) => Assert.True(SecretKeyNames.IsSecret(name), name);

    [Theory]
    [InlineData("max_tokens")]
    [InlineData("tokens_per_second")]
    [InlineData("maxTokens")]
    [InlineData("tokenizer")]
    [InlineData("key")]
    [InlineData("key_file")]
    [InlineData("cert_pem")]
    [InlineData("password_file")]
    [InlineData("token_url")]
    [InlineData("tokenEndpoint")]
    [InlineData("auth_type")]
    [InlineData("secret_name")]
    [InlineData("authenticator")]
    [InlineData("oauth2client")]
    [InlineData("endpoint")]
    [InlineData("username")]
    [InlineData("monkey")]
    [InlineData("insecure_skip_verify")]
    [InlineData("")]
    public void IsSecret_OtherNames_False(string name) => Assert.False(SecretKeyNames.IsSecret(name), name);

    [Theory]
    [InlineData("Cookie")]
    [InlineData("Set-Cookie")]
    [InlineData("Authorization")]
    [InlineData("X-Auth-Token")]
    public void IsSecretHeader_CredentialHeaders_True(string name) => Assert.True(SecretKeyNames.IsSecretHeader(name));

    [Theory]
    [InlineData("Content-Type")]
    [InlineData("X-Scope-OrgID")]
    [InlineData("User-Agent")]
    public void IsSecretHeader_OtherHeaders_False(string name) => Assert.False(SecretKeyNames.IsSecretHeader(name));

    [Theory]
    [InlineData("apiKey", "api key")]
    [InlineData("HTTPPasswd", "http passwd")]
    [InlineData("X-Api-Key", "x api key")]
    [InlineData("tls.key_pem", "tls key pem")]
    [InlineData("oauth2Client", "oauth2 client")]
    public void Words_SplitsOnSeparatorsAndCamelCase(string name, string expected) =>
        Assert.Equal(expected, string.Join(' ', SecretKeyNames.Words(name)));
}
