/** Namespace of ActiveMQ's xbean elements (`<broker>` and everything inside it). */
export const ACTIVEMQ_CORE_NAMESPACE = 'http://activemq.apache.org/schema/core';

/** Namespace of the Spring `<beans>` root of a plain activemq.xml. */
export const SPRING_BEANS_NAMESPACE = 'http://www.springframework.org/schema/beans';
