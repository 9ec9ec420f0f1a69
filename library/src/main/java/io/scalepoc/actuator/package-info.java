/**
 * Actuator additions: {@code /actuator/ownership}, and the health indicators for DynamoDB and the
 * schedules. It may import every capability but {@code api}; nothing imports it.
 */
package io.scalepoc.actuator;
