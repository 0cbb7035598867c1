import { hasRole, type Principal } from '@micro-ecommerce/pkg/auth';
import type { Viewer } from '../../../app/ports.js';

/** The use cases' view of the caller: staff (and admin, who passes every staff check) see every order. */
export const viewerOf = (principal: Principal): Viewer => ({ customerId: principal.customerId, staff: hasRole(principal, 'staff') });
