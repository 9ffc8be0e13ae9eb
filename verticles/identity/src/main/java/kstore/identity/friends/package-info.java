/**
 * Friends and the in-app inbox (S2.4–S2.6), schema {@code identity} (migration {@code V2__friends.sql}).
 *
 * <p>{@link kstore.identity.friends.FriendsService} and {@link kstore.identity.friends.NotificationsService} take
 * the authenticated actor's id and answer JSON objects; failures are {@code ServiceError} with VALIDATION,
 * UNAUTHENTICATED, FORBIDDEN, NOT_FOUND or CONFLICT. A person as other users see them is always
 * {@code {userId, displayName, friendCode}}: emails only ever reach {@link kstore.identity.friends.FriendNotifier}.
 * Requests the actor is not a party to answer NOT_FOUND, exactly as requests that do not exist.
 *
 * <p>Side effects of one change commit together: the request/friendship rows, the recipient's notification
 * ({@code friend.request} data {@code {requestId, from}}, {@code friend.accepted} data {@code {requestId, friend}}),
 * and for friendships an outbox event on {@code kstore.identity.events}
 * ({@code identity.friendship-started|ended}, data {@code {users:[a, b], since}}). Mail/push follow the commit.
 */
package kstore.identity.friends;
