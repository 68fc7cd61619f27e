/**
 * IAM Roles Anywhere CreateSession for Java: exchange an X.509 certificate and its private key for temporary AWS
 * credentials.
 *
 * <pre>{@code
 * try (Signer signer = FileSigner.builder()...build();
 *      CreateSessionClient client = CreateSessionClient.create()) {
 *     SessionCredentials credentials = client.createSession(CreateSessionRequest.builder()
 *             .signer(signer)
 *             .trustAnchorArn("arn:aws:rolesanywhere:eu-west-1:123456789012:trust-anchor/...")
 *             .profileArn("arn:aws:rolesanywhere:eu-west-1:123456789012:profile/...")
 *             .roleArn("arn:aws:iam::123456789012:role/Deploy")
 *             .build());
 * }
 * }</pre>
 *
 * <p>Everything this package throws extends {@link dev.rolesanywhere.core.RolesAnywhereException}:
 * {@link dev.rolesanywhere.core.ConfigurationException} before sending (bad ARN, duration, endpoint),
 * {@link dev.rolesanywhere.core.RolesAnywhereServiceException} and its subclasses when the service refuses,
 * {@link dev.rolesanywhere.core.CreateSessionIoException} when it cannot be reached,
 * {@link dev.rolesanywhere.core.MalformedCredentialsException} when its answer holds values no real service sends, and
 * {@link dev.rolesanywhere.core.KeySourceException} / {@link dev.rolesanywhere.core.SigningException} from the key.
 * Most applications use the SDK credentials provider module rather than this client directly, because it caches and
 * refreshes the credentials.
 */
package dev.rolesanywhere.core;
