package io.philo.orm.hibernate;

import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.EntityManager;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.EntityKey;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.type.Type;

/**
 * What philo-orm needs of a session that Hibernate's public API does not give: the one place that
 * uses Hibernate's SPI (its persistence context and entity persisters), so that a Hibernate upgrade
 * has one class to check.
 */
public final class HibernateAdapter {

	private HibernateAdapter() {
	}

	/** The object the session holds for this model and id, or null: no query runs. */
	public static Object held(EntityManager session, Class<?> type, Object id) {
		SessionImplementor implementor = session.unwrap(SessionImplementor.class);
		EntityKey key = implementor.generateEntityKey(id,
				implementor.getFactory().getMappingMetamodel().getEntityDescriptor(type));
		return implementor.getPersistenceContextInternal().getEntity(key);
	}

	/** The names of the fields of a held object that differ from what the session read or wrote last (empty if none, or not held). */
	public static List<String> unsavedChanges(EntityManager session, Object entity) {
		SessionImplementor implementor = session.unwrap(SessionImplementor.class);
		EntityEntry entry = implementor.getPersistenceContextInternal().getEntry(entity);
		if (entry == null || entry.getLoadedState() == null) {
			return List.of();
		}
		EntityPersister persister = entry.getPersister();
		int[] dirty = persister.findDirty(persister.getValues(entity), entry.getLoadedState(), entity, implementor);
		List<String> names = new ArrayList<>();
		if (dirty != null) {
			for (int index : dirty) {
				names.add(persister.getPropertyNames()[index]);
			}
		}
		return names;
	}

	/**
	 * Copies the column values (not the associations) of one object of a model onto another: after a
	 * merge, the object the caller holds shows what was written through the session's copy.
	 */
	public static void copyColumnValues(EntityManager session, Object from, Object to) {
		SessionImplementor implementor = session.unwrap(SessionImplementor.class);
		EntityPersister persister = implementor.getEntityPersister(null, from);
		Type[] types = persister.getPropertyTypes();
		Object[] values = persister.getValues(from);
		for (int i = 0; i < types.length; i++) {
			if (!types[i].isAssociationType()) {
				persister.setValue(to, i, values[i]);
			}
		}
	}

}
