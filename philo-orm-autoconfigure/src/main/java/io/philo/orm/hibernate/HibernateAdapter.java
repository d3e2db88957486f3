package io.philo.orm.hibernate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import jakarta.persistence.EntityManager;
import org.hibernate.Interceptor;
import org.hibernate.SessionFactory;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.model.relational.SqlStringGenerationContext;
import org.hibernate.collection.spi.PersistentCollection;
import org.hibernate.dialect.Dialect;
import org.hibernate.engine.jdbc.connections.spi.AbstractDataSourceBasedMultiTenantConnectionProviderImpl;
import org.hibernate.engine.spi.ActionQueue;
import org.hibernate.engine.spi.CollectionEntry;
import org.hibernate.engine.spi.CollectionKey;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.EntityKey;
import org.hibernate.engine.spi.PersistenceContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.engine.spi.Status;
import org.hibernate.event.spi.FlushEntityEvent;
import org.hibernate.event.spi.FlushEntityEventListener;
import org.hibernate.generator.BeforeExecutionGenerator;
import org.hibernate.generator.EventType;
import org.hibernate.generator.OnExecutionGenerator;
import org.hibernate.id.enhanced.PooledOptimizer;
import org.hibernate.id.enhanced.SequenceStyleGenerator;
import org.hibernate.mapping.BasicValue;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.mapping.Property;
import org.hibernate.mapping.Table;
import org.hibernate.metamodel.mapping.AttributeMapping;
import org.hibernate.persister.collection.CollectionPersister;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.persister.entity.SingleTableEntityPersister;
import org.hibernate.tool.schema.spi.Exporter;
import org.hibernate.tool.schema.spi.SchemaManagementToolCoordinator;
import org.hibernate.type.BasicType;
import org.hibernate.type.CollectionType;
import org.hibernate.type.Type;

/**
 * What philo-orm needs of Hibernate that its public API does not give: the one place that calls
 * Hibernate's SPI (a session's persistence context and entity persisters, the multi-tenant
 * connection provider, the schema tool, the table exporter, a model's mapping for COPY), so that a Hibernate upgrade has one
 * class to check.
 */
public final class HibernateAdapter {

	private HibernateAdapter() {
	}

	/**
	 * Has every INSERT and UPDATE of a model return the columns it wrote ({@code RETURNING}), read
	 * into the object as part of the write: what a trigger made of them shows at no extra round trip.
	 * Columns a generator of the model's own already produces are left to it.
	 */
	public static void returnWrittenColumns(Metadata metadata) {
		for (PersistentClass model : metadata.getEntityBindings()) {
			for (Property property : model.getProperties()) {
				EnumSet<EventType> writes = EnumSet.noneOf(EventType.class);
				if (property.isInsertable()) {
					writes.add(EventType.INSERT);
				}
				if (property.isUpdatable()) {
					writes.add(EventType.UPDATE);
				}
				if (!writes.isEmpty() && property != model.getVersion() && !property.isNaturalIdentifier()
						&& property.getValueGeneratorCreator() == null && property.getValue() instanceof BasicValue value
						&& !value.hasFormula()) {
					property.setValueGeneratorCreator((context) -> new ReturnedByWrite(writes));
				}
			}
		}
	}

	/**
	 * Whether every write of the object's model returns what it wrote (see {@link #returnWrittenColumns}):
	 * the model's columns are basic values (its associations, collections aside, are read back otherwise).
	 */
	public static boolean writesReturnColumns(EntityManager session, Class<?> type) {
		EntityPersister persister = session.unwrap(SessionImplementor.class).getFactory().getMappingMetamodel().getEntityDescriptor(type);
		Type[] types = persister.getPropertyTypes();
		for (int i = 0; i < types.length; i++) {
			if (!types[i].isCollectionType() && !(persister.getGenerators()[i] instanceof ReturnedByWrite)) {
				return false;
			}
		}
		return true;
	}

	/** The interceptor the session was opened with. */
	public static Interceptor interceptor(EntityManager session) {
		return session.unwrap(SessionImplementor.class).getInterceptor();
	}

	/** The object the session holds for this model and id, or null: no query runs. */
	public static Object held(EntityManager session, Class<?> type, Object id) {
		SessionImplementor implementor = session.unwrap(SessionImplementor.class);
		EntityKey key = implementor.generateEntityKey(id,
				implementor.getFactory().getMappingMetamodel().getEntityDescriptor(type));
		return implementor.getPersistenceContextInternal().getEntity(key);
	}

	/**
	 * Writes one held object's changes now, as a flush writes them (dirty check, {@code @PreUpdate},
	 * interceptor, one UPDATE), without checking every other object the session holds, which a
	 * flush of the session does at a cost that grows with them. Only for models of basic columns and
	 * a session with nothing else queued: false otherwise, and the caller flushes the session.
	 */
	public static boolean flushOne(EntityManager session, Object entity) {
		SessionImplementor implementor = session.unwrap(SessionImplementor.class);
		PersistenceContext context = implementor.getPersistenceContextInternal();
		EntityEntry entry = context.getEntry(entity);
		ActionQueue actions = implementor.asEventSource().getActionQueue();
		if (entry == null || entry.getStatus() != Status.MANAGED || entry.getLoadedState() == null
				|| actions.hasAnyQueuedActions() || !basicColumnsOnly(entry.getPersister())) {
			return false;
		}
		implementor.getFactory().getEventListenerGroups().eventListenerGroup_FLUSH_ENTITY.fireEventOnEachListener(
				new FlushEntityEvent(implementor.asEventSource(), entity, entry), FlushEntityEventListener::onFlushEntity);
		context.setFlushing(true);
		implementor.getJdbcCoordinator().flushBeginning();
		try {
			actions.executeActions();
		}
		finally {
			context.setFlushing(false);
			implementor.getJdbcCoordinator().flushEnding();
		}
		return true;
	}

	private static boolean basicColumnsOnly(EntityPersister persister) {
		for (Type type : persister.getPropertyTypes()) {
			if (type.isAssociationType() || type.isCollectionType() || type.isComponentType()) {
				return false;
			}
		}
		return true;
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

	/** The objects the session holds (managed, not deleted). */
	public static List<Object> heldObjects(EntityManager session) {
		List<Object> held = new ArrayList<>();
		for (var managed : session.unwrap(SessionImplementor.class).getPersistenceContextInternal().reentrantSafeEntityEntries()) {
			if (managed.getValue().getStatus() == Status.MANAGED) {
				held.add(managed.getKey());
			}
		}
		return held;
	}

	/** Sets an object's id (null: the object is new again). */
	public static void setId(EntityManager session, Object entity, Object id) {
		SessionImplementor implementor = session.unwrap(SessionImplementor.class);
		implementor.getEntityPersister(null, entity).setIdentifier(entity, id, implementor);
	}

	/**
	 * Replaces every loaded collection of the objects the session holds by an unloaded one, read
	 * again when next used: no query, work in proportion to the collections loaded.
	 */
	public static void unloadCollections(EntityManager session) {
		SessionImplementor implementor = session.unwrap(SessionImplementor.class);
		PersistenceContext context = implementor.getPersistenceContextInternal();
		List<PersistentCollection<?>> loaded = new ArrayList<>();
		context.forEachCollectionEntry((collection, entry) -> {
			if (collection.wasInitialized() && collection.getOwner() != null && entry.getLoadedPersister() != null
					&& entry.getLoadedKey() != null) {
				loaded.add(collection);
			}
		}, false);
		for (PersistentCollection<?> collection : loaded) {
			Object owner = collection.getOwner();
			EntityEntry ownerEntry = context.getEntry(owner);
			CollectionEntry entry = context.getCollectionEntry(collection);
			if (ownerEntry == null || entry == null) {
				continue;
			}
			CollectionPersister collectionPersister = entry.getLoadedPersister();
			EntityPersister persister = ownerEntry.getPersister();
			String role = collectionPersister.getRole();
			AttributeMapping attribute = persister.findAttributeMapping(role.substring(role.lastIndexOf('.') + 1));
			if (attribute == null) {
				continue;
			}
			int index = attribute.getStateArrayPosition();
			if (!(persister.getPropertyTypes()[index] instanceof CollectionType collectionType)
					|| persister.getValue(owner, index) != collection) {
				continue;
			}
			Object key = entry.getLoadedKey();
			context.removeCollectionEntry(collection);
			context.removeCollectionByKey(new CollectionKey(collectionPersister, key));
			collection.unsetSession(implementor);
			Object unloaded = collectionType.getCollection(key, implementor, owner, null);
			persister.setValue(owner, index, unloaded);
			if (ownerEntry.getLoadedState() != null) {
				ownerEntry.getLoadedState()[index] = unloaded;
			}
		}
	}

	/**
	 * Lets go of the session's JDBC connection if it holds one outside a transaction (back to the
	 * pool it came from), so that the session's next statement takes one afresh.
	 */
	public static void releaseConnection(EntityManager session) {
		SessionImplementor implementor = session.unwrap(SessionImplementor.class);
		if (implementor.isOpen() && !implementor.isTransactionInProgress()
				&& implementor.getJdbcCoordinator().getLogicalConnection().isPhysicallyConnected()) {
			implementor.getJdbcCoordinator().afterTransaction();
		}
	}

	/** Hands Hibernate the pool of the connection (tenant) a session is opened for. */
	public static Object connectionProvider(DataSource any, Function<String, DataSource> byConnection) {
		return new AbstractDataSourceBasedMultiTenantConnectionProviderImpl<String>() {

			@Override
			protected DataSource selectAnyDataSource() {
				return any;
			}

			@Override
			protected DataSource selectDataSource(String connectionName) {
				return byConnection.apply(connectionName);
			}

		};
	}

	/** Runs the schema action the configuration names ({@code jakarta.persistence.schema-generation.*}) for the mapping. */
	public static void applySchemaAction(Metadata metadata, SessionFactory sessionFactory, Map<String, Object> configuration) {
		SchemaManagementToolCoordinator.process(metadata,
				sessionFactory.unwrap(SessionFactoryImplementor.class).getServiceRegistry(), configuration, (dropAction) -> {
				});
	}

	/**
	 * The dialect's table exporter, naming each primary key {@code pk_<table>} (PostgreSQL would name
	 * it {@code <table>_pkey}).
	 */
	public static Exporter<Table> namedPrimaryKeys(Exporter<Table> standard) {
		return new Exporter<>() {

			@Override
			public String[] getSqlCreateStrings(Table table, Metadata metadata, SqlStringGenerationContext context) {
				String[] create = standard.getSqlCreateStrings(table, metadata, context);
				String constraint = "constraint " + context.getDialect().quote("pk_" + table.getName()) + " primary key (";
				if (table.hasPrimaryKey() && create.length > 0) {
					create[0] = create[0].replaceFirst(Pattern.quote("primary key ("), Matcher.quoteReplacement(constraint));
				}
				return create;
			}

			@Override
			public String[] getSqlDropStrings(Table table, Metadata metadata, SqlStringGenerationContext context) {
				return standard.getSqlDropStrings(table, metadata, context);
			}

		};
	}

	/**
	 * What a COPY of a model's rows needs of its mapping, or null when COPY cannot write them: a
	 * model of one table, without inheritance or version, its id from a generator run before the
	 * insert, every inserted column a basic value.
	 */
	public static CopyMapping copyMapping(EntityManager session, Class<?> type) {
		SessionImplementor implementor = session.unwrap(SessionImplementor.class);
		EntityPersister persister = implementor.getFactory().getMappingMetamodel().getEntityDescriptor(type);
		if (!(persister instanceof SingleTableEntityPersister table) || persister.isInherited() || persister.isVersioned()
				|| !(persister.getGenerator() instanceof BeforeExecutionGenerator)) {
			return null;
		}
		Type[] types = persister.getPropertyTypes();
		for (int i = 0; i < types.length; i++) {
			if (persister.getPropertyInsertability()[i] && !(types[i] instanceof BasicType)) {
				return null;
			}
		}
		return new CopyMapping(implementor, table);
	}

	/** A model's table as COPY writes it: the id column first, then every inserted column. */
	public static final class CopyMapping {

		private final SessionImplementor session;

		private final SingleTableEntityPersister persister;

		private final BeforeExecutionGenerator generator;

		/** The indexes of the inserted properties. */
		private final int[] inserted;

		private CopyMapping(SessionImplementor session, SingleTableEntityPersister persister) {
			this.session = session;
			this.persister = persister;
			this.generator = (BeforeExecutionGenerator) persister.getGenerator();
			boolean[] insertable = persister.getPropertyInsertability();
			this.inserted = IntStream.range(0, insertable.length).filter((i) -> insertable[i]).toArray();
		}

		public String table() {
			return this.persister.getTableName();
		}

		/** The id column, then the inserted columns, as the values of {@link #insert} come. */
		public List<String> columns() {
			List<String> columns = new ArrayList<>();
			columns.add(this.persister.getIdentifierColumnNames()[0]);
			for (int i : this.inserted) {
				columns.add(this.persister.getPropertyColumnNames(i)[0]);
			}
			return columns;
		}

		/**
		 * Ids for this many objects from one query: {@code nextval} of the model's sequence once per
		 * block, each value standing for its block as Hibernate's pooled optimizer reads it (the
		 * block's high end), so that these ids and the session's never meet. Empty when the generator
		 * is not a pooled sequence (then {@link #insert} asks the generator for each).
		 */
		public Iterator<Object> ids(int count) {
			if (!(this.generator instanceof SequenceStyleGenerator sequence)
					|| !(sequence.getOptimizer() instanceof PooledOptimizer)) {
				return Collections.emptyIterator();
			}
			int block = sequence.getDatabaseStructure().getIncrementSize();
			int blocks = (count + block - 1) / block;
			List<Object> ids = new ArrayList<>(count);
			String nextValues = "select nextval('" + sequence.getDatabaseStructure().getPhysicalName().render()
					+ "') from generate_series(1, " + blocks + ")";
			for (Object high : this.session.createNativeQuery(nextValues, Long.class).getResultList()) {
				// a fresh sequence's first value (1) stands for itself alone, as the optimizer reads it too
				for (long id = Math.max(1, (Long) high - block + 1); id <= (Long) high && ids.size() < count; id++) {
					ids.add(id);
				}
			}
			return ids.iterator();
		}

		/**
		 * Gives the object its id (the next of {@code ids}, else one from the generator) and returns
		 * its row: the id, then each inserted column's value as the JDBC driver takes it.
		 */
		public Object[] insert(Object entity, Iterator<Object> ids) {
			Object id = ids.hasNext() ? ids.next() : this.generator.generate(this.session, entity, null, EventType.INSERT);
			this.persister.setIdentifier(entity, id, this.session);
			Object[] values = this.persister.getValues(entity);
			Type[] types = this.persister.getPropertyTypes();
			Object[] row = new Object[this.inserted.length + 1];
			row[0] = id;
			for (int column = 0; column < this.inserted.length; column++) {
				int i = this.inserted[column];
				row[column + 1] = ((BasicType<?>) types[i]).getJdbcMapping().convertToRelationalValue(values[i]);
			}
			return row;
		}

	}

	/** A column the application writes, whose value the database then returns in the same statement. */
	private record ReturnedByWrite(EnumSet<EventType> getEventTypes) implements OnExecutionGenerator {

		@Override
		public boolean generatedOnExecution() {
			return true;
		}

		@Override
		public boolean referenceColumnsInSql(Dialect dialect) {
			return true;
		}

		@Override
		public boolean writePropertyValue() {
			return true;
		}

		@Override
		public String[] getReferencedColumnValues(Dialect dialect) {
			return null;
		}

	}

}
